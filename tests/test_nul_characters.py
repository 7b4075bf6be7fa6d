"""Text no database can store (NUL; in JSON a lone surrogate) is refused at the door on every backend."""

import base64


def test_nul_in_a_query_parameter_is_a_422_naming_the_field(client):
    response = client.get("/api/v1/pengumuman/announcements?agency=kemen%00kes",
                          headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"] == {"agency": ["Text must not contain NUL characters."]}


def test_nul_in_a_json_body_is_a_422(client, admin_headers):
    response = client.post("/api/v1/admin/services/pengumuman/disable", headers=admin_headers,
                           data='{"reason": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"_body": ["Teks tidak boleh berisi karakter NUL."]}


def test_nul_in_the_path_is_a_404(client):
    response = client.get("/api/v1/catalog/%00")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_nul_in_a_form_body_is_a_422_before_any_lookup(client):
    """The sign-in pages and the OAuth endpoints take forms: a client id, a nonce or a sign-in name
    with NUL never reaches the database (on PostgreSQL it was a 500). Pages show their error page,
    with the request id; the protocol endpoints answer problem JSON."""
    token = client.post("/oauth/token", data="grant_type=client_credentials&client_id=a%00b&client_secret=x",
                        content_type="application/x-www-form-urlencoded")
    assert token.status_code == 422
    assert token.get_json()["errors"] == {"_body": ["Teks tidak boleh berisi karakter NUL."]}
    for path, form in (("/oauth/authorize", "client_id=c&nonce=n%00"),
                       ("/oauth/login", "identifier=a\x00b%40contoh.id&password=x")):
        page = client.post(path, data=form, content_type="application/x-www-form-urlencoded")
        assert page.status_code == 422 and page.mimetype == "text/html", path
        assert page.headers["X-Request-ID"] in page.text and "invalid_request" in page.text
    linked = client.get("/oauth/authorize?client_id=a%00b")  # NUL in a link to the page
    assert linked.status_code == 422 and linked.mimetype == "text/html"


def test_a_lone_surrogate_in_a_json_body_is_a_422(client, citizen, account_headers):
    """`"\\ud800"` is valid JSON but no UTF-8 text: the database, or the password hasher, would fail."""
    headers = {**account_headers(citizen, "account"), "Accept-Language": "en"}
    for body in ('{"full_name": "x\\ud800y"}', '{"full_name": "x\\uDFFFy"}', '{"full_name": ["\\udabc"]}'):
        response = client.patch("/api/v1/me", data=body, content_type="application/json", headers=headers)
        assert response.status_code == 422, body
        assert response.get_json()["errors"] == {
            "_body": ["Text contains an invalid character (a Unicode surrogate without its pair)."]}
    changed = client.put("/api/v1/me/password", headers=headers, content_type="application/json",
                         data='{"current_password": "\\ud800", "new_password": "sepeda ontel kakek tua"}')
    assert changed.status_code == 422
    # a pair is one character (here a smiley), and a backslash before "ud800" is no escape at all
    for body in ('{"language": "en", "full_name": "\\ud83d\\ude00"}', '{"full_name": "x\\\\ud800"}'):
        response = client.patch("/api/v1/me", data=body, content_type="application/json", headers=headers)
        assert response.status_code != 500 and "_body" not in (response.get_json().get("errors") or {}), body


def test_nul_in_basic_credentials_is_an_unknown_client(client):
    credentials = base64.b64encode(b"a\x00b:secret").decode()
    response = client.post("/oauth/token", data={"grant_type": "client_credentials"},
                           headers={"Authorization": f"Basic {credentials}"})
    assert response.status_code == 401 and response.get_json()["error"] == "invalid_client"
