"""Screenshot of an output's review page with its first flagged cell selected (for the README).

    python -m tools.review_shot output/skj-1-2022 docs/review.png

Drives Debian's chromium headless through /usr/bin/chromedriver (Selenium; nothing downloaded).
"""

from __future__ import annotations

import sys
from pathlib import Path


def shoot(folder: Path, out: Path, width: int = 1400, height: int = 900) -> Path:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get((folder / "review.html").resolve().as_uri())
        driver.find_element(By.TAG_NAME, "body").send_keys("n")
        driver.execute_async_script("""var done=arguments[0];var i=document.querySelector('#viewer-body img');
            if(!i||i.complete)done();else{i.onload=i.onerror=function(){done();};}""")
        out.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(out))
    finally:
        driver.quit()
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(shoot(Path(sys.argv[1]), Path(sys.argv[2])))
