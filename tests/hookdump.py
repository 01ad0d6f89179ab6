"""Build the site with MkDocs and write each page's Markdown as the hooks left it (after every
`on_page_markdown`, the HTML blocks they set aside put back), one file per language and page: what the
pre-render must reproduce.

    python tests/hookdump.py OUT SITE_DIR   (run in the project's folder)
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from dcg.prerender import restore_blocks  # noqa: E402


def main(out: Path, site: str) -> None:
    config = load_config("mkdocs.yml", site_dir=site, strict=True)

    def dump(markdown, page, config, files):
        lang = config.plugins.get("i18n").current_language
        target = out / lang / page.meta["dcg_rel"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(restore_blocks(markdown, page.meta.get("dcg_blocks") or []), encoding="utf-8")
        return markdown

    config.plugins.events["page_markdown"].append(dump)  # last, after the project's hooks
    build(config)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
