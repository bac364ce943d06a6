"""Articles written for the stories' tests: a few events, each told by several outlets, and events of the same
kind that are different stories (the hard negatives)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from dragoman.stories.grouping import StoryDoc

MONDAY = datetime(2025, 3, 3, 8, 0, tzinfo=timezone.utc)


def doc(id: str, title: str, text: str, *, hours: float = 0, language: str = "en", source: str = "",
        original_title: str = "", original_text: str = "") -> StoryDoc:  # fmt: skip
    return StoryDoc(id=id, language=language, title=title, text=text, published=MONDAY + timedelta(hours=hours),
                    original_title=original_title, original_text=original_text, source=source or f"Outlet {id}")  # fmt: skip


FIRE_ALBACETE = """A fire destroyed a furniture factory in Albacete on Monday night, mayor Manuel Serrano said. Nobody was hurt.

Firefighters from Castilla-La Mancha fought the flames for twelve hours before the blaze at the Muebles García plant was under control. The company employs 230 people.

Serrano said the town would help the workers while the factory is rebuilt. Police are investigating the cause of the fire.

The plant, opened in 1987, supplied furniture to shops across Spain. Its owner, Lucía García, thanked the firefighters and promised to rebuild within a year."""

FIRE_ALBACETE_OTHER = """Firefighters needed twelve hours to control a blaze that destroyed the Muebles García furniture plant in Albacete overnight.

The 230 workers of the company will keep their wages while the factory is rebuilt, owner Lucía García told reporters on Tuesday morning. Mayor Manuel Serrano visited the site.

Investigators have not yet said what started the fire in Albacete, which lit up the sky over the industrial estate."""

FIRE_VIGO = """A fire swept through a fish-processing factory in Vigo on Monday, forcing the evacuation of 80 workers, the regional government of Galicia said.

Firefighters brought the blaze at the Conservas Atlántico plant under control after five hours. Two workers were treated for smoke inhalation.

The port city's mayor, Abel Caballero, said the cause of the fire was being investigated."""

MATCH_ONE = """Real Betis beat Sevilla 3-1 in the derby on Sunday at the Benito Villamarín stadium, with two goals from Isco.

Sevilla had taken the lead through Lukebakio before Isco equalised before half-time. Vitor Roque sealed the win for Betis late in the second half.

The result lifts Betis to fifth place in the league table."""

MATCH_ONE_OTHER = """Isco scored twice as Real Betis came from behind to beat Sevilla 3-1 in a lively derby at the Benito Villamarín.

Lukebakio gave Sevilla an early lead, but Betis turned the game around and Vitor Roque added the third goal.

Betis now sit fifth in the table, while Sevilla remain in mid-table."""

MATCH_TWO = """Real Betis lost 0-2 to Valencia on Wednesday at Mestalla, two goals from Hugo Duro ending their run of four wins.

Valencia dominated the first half and Hugo Duro scored twice after the break. Betis coach Manuel Pellegrini said his side had looked tired.

The defeat leaves Betis sixth in the league table."""
