"""Log a demo reader in to a running portal and print the Cookie header to send."""

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

base, email, password = sys.argv[1:4]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = opener.open(f"{base}/accounts/login/").read().decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
data = urllib.parse.urlencode(
    {"csrfmiddlewaretoken": token, "login": email, "password": password}
).encode()
request = urllib.request.Request(
    f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
)
opener.open(request).read()
cookies = {cookie.name: cookie.value for cookie in jar}
if "sessionid" not in cookies:
    sys.exit("login failed")
sys.stdout.write("; ".join(f"{name}={value}" for name, value in cookies.items()) + "\n")
