"""Dual Career Guide: the content model.

One package holds what the build, the checks and the tests share: the regional
profile, the language-neutral data (phases, sources, procedures and their
checklists, figures), the pages and their front matter. Every loader reports
problems as values (`Problem`) with `path:line`, never as a traceback.
"""
