"""Reading and writing files: the graph's YAML (:mod:`.yaml_reader`, :mod:`.validate`,
:mod:`.graph_files`, :mod:`.cache`), the progress file, checklists, BibTeX libraries, and
atomic writes."""
