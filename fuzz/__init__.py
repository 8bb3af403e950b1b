"""Coverage-guided fuzzing of the article readers and the temporal tagger (atheris, libFuzzer)."""
