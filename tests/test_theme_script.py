"""The theme's tab-stop check is taken out of its script (coursekit/sphinx_light.py): it
laid the chapter out once per code block; coursekit.js does it with one layout."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.errors import ExtensionError

from coursekit.sphinx_light import TAB_STOPS_HANDED_OVER, hand_tab_stops_to_coursekit

# The shape of pydata-sphinx-theme 0.17.1's minified script, shortened.
THEME = ('(()=>{function I(){const e=()=>{document.querySelectorAll("pre").forEach(e=>{e.tabIndex='
         'e.scrollWidth>e.clientWidth?0:-1})};e()}function s(){}e(s),"complete"===document.readyState?I():'
         'window.addEventListener("load",I)})();\n//# sourceMappingURL=pydata-sphinx-theme.js.map\n')


def _site(tmp_path: Path, text: str) -> tuple[SimpleNamespace, Path]:
    script = tmp_path / "_static" / "scripts" / "pydata-sphinx-theme.js"
    script.parent.mkdir(parents=True)
    script.write_text(text, encoding="utf-8")
    return SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html")), script


def test_the_call_goes_and_the_rest_of_the_script_stays(tmp_path):
    app, script = _site(tmp_path, THEME)
    hand_tab_stops_to_coursekit(app, None)
    patched = script.read_text(encoding="utf-8")
    assert 'addEventListener("load",I)' not in patched and "?I():" not in patched
    assert TAB_STOPS_HANDED_OVER in patched
    assert patched.startswith(THEME.split('"complete"')[0]) and patched.endswith("})();\n//# sourceMappingURL=pydata-sphinx-theme.js.map\n")
    hand_tab_stops_to_coursekit(app, None)  # an incremental build: nothing more to do
    assert script.read_text(encoding="utf-8") == patched


def test_a_changed_theme_stops_the_build_with_a_clear_error_and_leaves_the_file(tmp_path):
    changed = THEME.replace('?I():window.addEventListener("load",I)', '?s():window.addEventListener("load",s)')
    app, script = _site(tmp_path, changed)
    with pytest.raises(ExtensionError, match="pydata-sphinx-theme.js: the theme's tab-stop check .* update coursekit/sphinx_light.py"):
        hand_tab_stops_to_coursekit(app, None)
    assert script.read_text(encoding="utf-8") == changed
