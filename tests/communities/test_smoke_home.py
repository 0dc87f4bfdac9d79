from tests.conftest import host_of


def test_community_home_page_shows_its_name(client, community_a, community_b):
    response = client.get("/", **host_of(community_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "花果山社区" in body
    assert "湾厦社区" not in body
