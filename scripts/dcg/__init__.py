"""Dual Career Guide: the content model and the tools around it.

Layers, each importing only from those below it:

- commands: `cli` (the `dcg` command), `forkkit` (new region, new language), `build`, `status`;
- MkDocs hooks and build steps: `mkdocs_hooks` (a thin layer over `prerender`), `postbuild`, `publish`;
- renderers and checks: `prerender` (each page's Markdown and template data, importing no generator),
  `render`, `checks`, `links`, `glossarymark` (German terms explained on the built pages), `markup`
  (valid HTML, page links resolved on the built pages), `searchindex` (the search index of each
  language folder);
- the model, one file per kind of data: `project` (loads everything), `profile`, `pagedata`,
  `pages`, `figures`, `glossary`;
- reading YAML with line numbers and checking it against the JSON Schemas in `schemas/`: `fields`,
  `yamlsrc`, `schemas`, `problems`, `clock` (the day of the build); `forked` (work for a second core).

Every loader reports problems as values (`Problem`) with `path:line`, never as a traceback.
"""
