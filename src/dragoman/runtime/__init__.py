"""Running the pipeline: the steps in their order (:mod:`.steps`), units of work and their leases
(:mod:`.work`), a pass of ``dragoman run --once`` (:mod:`.passes`), the task queue (:mod:`.tasks`),
``dragoman worker`` (:mod:`.worker`) and what it is all doing (:mod:`.status`).

It sits above the apps whose steps it runs (sources, articles, publish) and below the command line."""
