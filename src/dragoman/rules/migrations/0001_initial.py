
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('articles', '0007_editorial_control'),
        ('sources', '0005_editorial_control'),
    ]

    operations = [
        migrations.CreateModel(
            name='FilterRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('domain', models.CharField(blank=True, help_text='For the entries of this host and its subdomains (example.com covers www.example.com). Neither source nor domain: a global rule.', max_length=253)),
                ('action', models.CharField(choices=[('keep', 'Keep (entries matching none of the keep rules are filtered)'), ('block', 'Block (entries matching are filtered)')], max_length=8)),
                ('field', models.CharField(choices=[('title', 'Title'), ('body', 'body (the running text)'), ('author', 'Author'), ('tags', 'Tags'), ('url', 'URL'), ('language', 'Language'), ('length', 'length (characters of the body)'), ('age', 'age (days since publication)')], max_length=12)),
                ('pattern', models.CharField(help_text="A word or phrase (whole, any case); a regular expression with 'regex' ticked; for length and age a comparison: <300, >=7.", max_length=1000)),
                ('regex', models.BooleanField(default=False, help_text='The pattern is a regular expression (as written; (?i) ignores case).', verbose_name='regular expression')),
                ('enabled', models.BooleanField(default=True)),
                ('note', models.CharField(blank=True, help_text='Why the rule exists.', max_length=300)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('source', models.ForeignKey(blank=True, help_text="For this source's entries only.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='filter_rules', to='sources.source')),
            ],
            options={
                'verbose_name': 'filter rule',
                'ordering': ['pk'],
            },
        ),
        migrations.CreateModel(
            name='Release',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('from_state', models.CharField(help_text='filtered or archived', max_length=16)),
                ('reason', models.TextField(blank=True, help_text='Why it had been held (the rule that matched, the window).')),
                ('released_by', models.CharField(blank=True, help_text="The editor, or 'command line'.", max_length=150)),
                ('released_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='release', to='articles.entry')),
            ],
            options={
                'ordering': ['-released_at'],
            },
        ),
        migrations.CreateModel(
            name='RewriteRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('domain', models.CharField(blank=True, help_text='For the articles of this host and its subdomains (example.com covers www.example.com). Neither source nor domain: a global rule.', max_length=253)),
                ('kind', models.CharField(choices=[('remove', 'Remove the elements a CSS selector matches'), ('replace', 'Replace a text')], max_length=8)),
                ('selector', models.CharField(blank=True, help_text='What to remove: a CSS selector, e.g. div.advert.', max_length=1000)),
                ('old', models.CharField(blank=True, max_length=1000, verbose_name='text to replace')),
                ('new', models.CharField(blank=True, help_text='Empty: the text is removed.', max_length=1000, verbose_name='replacement')),
                ('regex', models.BooleanField(default=False, help_text='The text to replace is a regular expression; the replacement may use \\1 or \\g<name>.', verbose_name='regular expression')),
                ('enabled', models.BooleanField(default=True)),
                ('note', models.CharField(blank=True, help_text='Why the rule exists.', max_length=300)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('source', models.ForeignKey(blank=True, help_text="For this source's articles only.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='rewrite_rules', to='sources.source')),
            ],
            options={
                'verbose_name': 'rewrite rule',
                'ordering': ['pk'],
            },
        ),
    ]
