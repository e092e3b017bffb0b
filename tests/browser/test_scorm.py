"""The SCORM 1.2 package (``make scorm``, coursekit.bundles): a manifest valid against the
SCORM 1.2 schemas, and in a browser, inside a page that plays the learning platform with
scorm-again's SCORM 1.2 API (pinned in tests/js), the calls a platform records:
initialise, score, status, commit, finish. Outside a platform it is just the book."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import serve
from coursekit.bundles import scorm_zip

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "tests" / "fixtures" / "scorm12"
SCORM_AGAIN = ROOT / "tests" / "js" / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"

# The platform: scorm-again's API as window.API, every call recorded, the package in a frame.
LMS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.min.js"></script>
<script>
window.calls = [];
window.API = new Scorm12API({autocommit: false, logLevel: 5});
for (const name of ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"]) {
  const real = window.API[name].bind(window.API);
  window.API[name] = (...args) => { const result = real(...args); window.calls.push([name, ...args.map(String), String(result)]); return result; };
}
</script></head>
<body><iframe id="sco" title="course" src="package/scorm.html" style="width:1200px;height:800px"></iframe></body></html>
"""


@pytest.fixture(scope="module")
def package(built_book, tmp_path_factory):
    assert built_book["code"] == 0, built_book["output"][-3000:]
    if not SCORM_AGAIN.is_file():
        pytest.fail("scorm-again is missing: make test installs tests/js with npm ci")
    target = scorm_zip(built_book["html"], tmp_path_factory.mktemp("release"))
    site = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(target) as archive:
        archive.extractall(site / "package")
    shutil.copy(SCORM_AGAIN, site / "scorm12.min.js")
    (site / "lms.html").write_text(LMS, encoding="utf-8")
    return site


def test_manifest_is_valid_scorm_12(package):
    from lxml import etree

    # The schemas import one another by file name: validate from their folder.
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "adlcp_rootv1p2.xsd")))
    manifest = etree.parse(str(package / "package" / "imsmanifest.xml"))
    wrapper = etree.XMLSchema(etree.XML(f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="{(SCHEMAS / 'imscp_rootv1p1p2.xsd').as_uri()}"/>
      <xs:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="{(SCHEMAS / 'adlcp_rootv1p2.xsd').as_uri()}"/>
      </xs:schema>""".encode()))
    assert schema is not None
    assert wrapper.validate(manifest), wrapper.error_log
    # The check can fail: a scormtype SCORM 1.2 does not know is refused.
    wrong = etree.tostring(manifest).replace(b'scormtype="sco"', b'scormtype="lesson"')
    assert not wrapper.validate(etree.fromstring(wrong))
    ns = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
    (resource,) = manifest.findall(".//cp:resource", ns)
    assert resource.get("href") == "scorm.html" and resource.get("{http://www.adlnet.org/xsd/adlcp_rootv1p2}scormtype") == "sco"
    listed = {f.get("href") for f in resource.findall("cp:file", ns)}
    on_disk = {p.relative_to(package / "package").as_posix() for p in (package / "package").rglob("*") if p.is_file()}
    assert listed == on_disk - {"imsmanifest.xml"}
    assert manifest.findtext(".//adlcp:masteryscore", namespaces=ns) == "70"


def test_the_package_reports_to_the_platform(page: Page, package):
    with serve(package) as url:
        page.goto(f"{url}/lms.html")
        page.wait_for_function("window.calls.some(c => c[0] === 'LMSInitialize' && c[2] === 'true')")
        calls = page.evaluate("window.calls")
        assert ["LMSSetValue", "cmi.core.lesson_status", "incomplete", "true"] in calls
        course = page.frame_locator("#sco").frame_locator("#course")
        expect(course.get_by_role("heading", level=1)).to_be_visible()
        # The learner goes to the final assessment inside the package and submits it.
        page.evaluate("document.getElementById('sco').contentDocument.getElementById('course').src = 'assessment/final-assessment.html'")
        submit = course.locator(".ck-final-actions button").first
        expect(submit).to_be_visible()
        submit.click()  # a reminder about the unanswered questions
        submit.click()  # submitted
        page.wait_for_function("window.calls.some(c => c[0] === 'LMSSetValue' && c[1] === 'cmi.core.score.raw')")
        calls = page.evaluate("window.calls")
        sets = {c[1]: c[2] for c in calls if c[0] == "LMSSetValue" and c[3] == "true"}
        assert sets["cmi.core.score.raw"] == "0" and sets["cmi.core.score.max"] == "100"
        assert sets["cmi.core.lesson_status"] == "failed"  # nothing answered
        last_set = max(i for i, c in enumerate(calls) if c[0] == "LMSSetValue")
        assert any(c[0] == "LMSCommit" and c[2] == "true" for c in calls[last_set:]), calls[last_set:]
        # Leaving the course ends the session.
        page.evaluate("document.getElementById('sco').remove()")
        page.wait_for_function("window.calls.some(c => c[0] === 'LMSFinish')")
        assert page.evaluate("window.API.cmi.core.score.raw") == "0"
        print(json.dumps(page.evaluate("window.calls")))


def test_outside_a_platform_the_package_is_the_book(page: Page, package):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with serve(package / "package") as url:
        page.goto(f"{url}/scorm.html")
        expect(page.frame_locator("#course").get_by_role("heading", level=1)).to_be_visible()
    assert errors == []
