#!/usr/bin/env python3
"""Drives `backfill dashboard` in Debian's headless Chromium (selenium + chromium-driver) for DashboardBrowserTests.

Each phase prints one JSON object on standard output; the Swift test asserts on it.

  live URL OUTDIR            the overview updates without a reload; the pacer gauges over a while; a screenshot of
                             every page in OUTDIR
  dead URL OUTDIR            the dead-letter page: IB's code and text, and whether any injected script ran
  forbidden URL TOKEN        POSTs without a login, and with a login but without (or with a wrong) CSRF token
  retry URL TOKEN CHUNK      logs in through the form and clicks the dead chunk's Retry button
"""
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def browser():
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1400,1100"):
        options.add_argument(argument)
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


def text(driver, selector):
    # One script call: the live region is replaced as events arrive, so element handles can go stale between calls.
    return driver.execute_script(
        "var found = document.querySelector(arguments[0]); return found ? found.innerText : '';", selector)


def live(url, outdir):
    driver = browser()
    try:
        driver.get(url + "/")
        # A reload would lose this marker: seeing it later proves the page changed in place.
        driver.execute_script("window.__loadedOnce = true;")
        first = text(driver, "#backfills")
        changed = False
        deadline = time.time() + 60
        while time.time() < deadline:
            time.sleep(1)
            if text(driver, "#backfills") != first:
                changed = True
                break
        no_reload = driver.execute_script("return window.__loadedOnce === true;")
        workers = text(driver, "#workers")
        updated = driver.find_element(By.ID, "live").get_attribute("data-updated")
        driver.save_screenshot(os.path.join(outdir, "overview.png"))

        driver.get(url + "/pacer")
        gauges = []
        for _ in range(6):
            values = [int(value) for value in driver.execute_script(
                "return Array.from(document.querySelectorAll('.pacer .gauge-value')).map(e => e.textContent);")]
            titles = driver.execute_script(
                "return Array.from(document.querySelectorAll('.pacer svg title')).map(e => e.textContent);")
            gauges.append({"values": values, "titles": titles})
            time.sleep(1)
        driver.save_screenshot(os.path.join(outdir, "pacer.png"))

        shots = {"overview": "overview.png", "pacer": "pacer.png"}
        for name, path in (("dead", "/dead"), ("follows", "/follows"), ("login", "/login"), ("api", "/api")):
            driver.get(url + path)
            time.sleep(0.5)
            driver.save_screenshot(os.path.join(outdir, name + ".png"))
            shots[name] = name + ".png"
        driver.get(url + "/")
        # Follow the first backfill's link (read in one script call: the live region may be replaced meanwhile).
        href = driver.execute_script("var a = document.querySelector('#backfills a'); return a ? a.href : null;")
        if href:
            driver.get(href)
            time.sleep(1)
            driver.save_screenshot(os.path.join(outdir, "backfill.png"))
            shots["backfill"] = "backfill.png"
        return {"changed": changed, "noReload": bool(no_reload), "updated": updated, "first": first, "workers": workers,
                "later": text(driver, "body")[:200], "gauges": gauges, "screenshots": shots}
    finally:
        driver.quit()


def dead(url, outdir):
    driver = browser()
    try:
        driver.get(url + "/dead")
        time.sleep(1)
        rows = driver.execute_script(
            "return Array.from(document.querySelectorAll('#dead tbody tr'))"
            ".map(row => Array.from(row.querySelectorAll('td')).map(cell => cell.innerText));")
        pwned = driver.execute_script("return window.__pwned === 1;")
        driver.get(url + "/")
        time.sleep(1)
        pwned = pwned or driver.execute_script("return window.__pwned === 1;")
        names = text(driver, "#backfills")
        driver.save_screenshot(os.path.join(outdir, "dead-with-script.png"))
        return {"rows": rows, "scriptRan": bool(pwned), "backfills": names}
    finally:
        driver.quit()


def post(opener, url, fields):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST")
    try:
        with opener.open(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def forbidden(url, token):
    anonymous = urllib.request.build_opener(NoRedirect())
    jar = CookieJar()
    logged_in = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    login = post(logged_in, url + "/login", {"token": token})
    return {
        "anonymousRetry": post(anonymous, url + "/actions/retry", {}),
        "anonymousWithMadeUpToken": post(anonymous, url + "/actions/purge", {"csrf": "0" * 64}),
        "login": login,
        "cookie": [{"name": cookie.name, "httpOnly": cookie.has_nonstandard_attr("HttpOnly"),
                    "sameSite": cookie.get_nonstandard_attr("SameSite")} for cookie in jar],
        "loggedInWithoutCsrf": post(logged_in, url + "/actions/retry", {}),
        "loggedInWrongCsrf": post(logged_in, url + "/actions/cancel", {"csrf": "f" * 64, "backfill": "x"}),
        "wrongLogin": post(urllib.request.build_opener(NoRedirect()), url + "/login", {"token": "not-it"}),
    }


def retry(url, token, chunk):
    driver = browser()
    try:
        driver.get(url + "/login")
        driver.find_element(By.NAME, "token").send_keys(token)
        driver.find_element(By.CSS_SELECTOR, "main form button").click()
        time.sleep(1)
        cookies = driver.get_cookies()
        driver.get(url + "/dead")
        time.sleep(1)
        # Find the chunk's Retry button and click it in one script call, so a live update between finding and
        # clicking cannot leave a stale element.
        clicked = driver.execute_script(
            "var forms = document.querySelectorAll('#dead form');"
            "for (var i = 0; i < forms.length; i++) {"
            "  var field = forms[i].querySelector('input[name=chunk]');"
            "  if (field && field.value === arguments[0]) { forms[i].querySelector('button').click(); return true; }"
            "}"
            "return false;", chunk)
        time.sleep(1)
        return {"clicked": clicked, "landedOn": driver.current_url,
                "cookies": [{"name": c["name"], "httpOnly": c.get("httpOnly"), "sameSite": c.get("sameSite")}
                            for c in cookies]}
    finally:
        driver.quit()


if __name__ == "__main__":
    phase, arguments = sys.argv[1], sys.argv[2:]
    result = {"live": live, "dead": dead, "forbidden": forbidden, "retry": retry}[phase](*arguments)
    print(json.dumps(result))
