#!/usr/bin/env bash
# Drives the web UI in headless Chromium (Debian chromium + chromium-driver, selenium from PyPI):
# ingest a file, send a message, watch tokens stream in, click a citation. Saves a screenshot.
# Usage: scripts/test-web-ui.sh [SCREENSHOT]   (default docs/screenshot.png; apt-get install -y chromium chromium-driver first)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromedriver >/dev/null || { echo "needs: apt-get install -y chromium chromium-driver" >&2; exit 1; }
venv=.build/venv-selenium
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q selenium >/dev/null
[[ -n ${SKIP_BUILD:-} ]] || swift build --product codex >/dev/null  # SKIP_BUILD=1: scripts/test.sh built it
source scripts/serve-fixture.sh debug 150
trap stop_servers EXIT
cat > "$WORK/rotation.md" <<'MD'
# Key rotation

Rotate the signing key every 90 days with `vault rotate signing`.
Keep the old key for one week so running jobs can finish.
MD
"$venv/bin/python" - "$CODEX_URL" "$WORK/rotation.md" "${1:-docs/screenshot.png}" <<'PY'
import sys, time
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait, Select

url, document, screenshot = sys.argv[1:4]
options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800"]:
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 30)
try:
    driver.get(url + "/")
    wait.until(lambda d: "codex" in d.find_element(By.ID, "health").text)
    # Ingest a file through the upload control (what a drop does), then pick its collection
    driver.execute_script("document.getElementById('ingest-files').hidden = false")
    driver.find_element(By.ID, "ingest-files").send_keys(document)
    wait.until(lambda d: "Indexed: 1 added" in d.find_element(By.ID, "ingest-status").text)
    driver.refresh()
    # A new chat searches every collection ("all") until the user picks one.
    assert Select(driver.find_element(By.ID, "collection")).first_selected_option.get_attribute("value") == "*"
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#collection option")) > 2)
    Select(driver.find_element(By.ID, "collection")).select_by_value("default")
    # Send a message; tokens appear one by one
    box = driver.find_element(By.ID, "message")
    box.send_keys("How often is the signing key rotated?")
    driver.find_element(By.ID, "send").click()
    reply = lambda: driver.find_elements(By.CSS_SELECTOR, ".message.assistant .body")[-1].text
    seen = set()
    deadline = time.time() + 30
    while time.time() < deadline and "model." not in reply():
        if driver.find_elements(By.CSS_SELECTOR, ".message.assistant"):
            seen.add(reply())
        time.sleep(0.05)
    partial = [t for t in seen if t and "model." not in t]
    assert partial, f"no partial reply seen: {seen}"
    assert "fixture" in reply(), reply()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".message.assistant pre code"))
    # Citations are clickable path:lines that open the passage
    citation = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".citation"))[0]
    assert "rotation.md:" in citation.text, citation.text
    citation.click()
    wait.until(lambda d: "90 days" in d.find_element(By.ID, "passage-text").text)
    driver.find_element(By.CSS_SELECTOR, "dialog .close").click()
    driver.save_screenshot(screenshot)
    sessions = driver.find_elements(By.CSS_SELECTOR, "#sessions li")
    print(f"web UI: {len(partial)} partial renders while streaming, citation {citation.text!r} opens its passage, "
          f"{len(sessions)} session(s) listed; screenshot {screenshot}: OK")
finally:
    driver.quit()
PY
