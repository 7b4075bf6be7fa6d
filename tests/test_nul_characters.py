"""NUL characters are refused at the door on every backend (PostgreSQL cannot store them)."""


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
