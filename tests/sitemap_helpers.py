"""Reading the sitemap as a crawler does: the index, then every section file it lists."""

import xml.etree.ElementTree as ET

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ORIGIN = "http://testserver"


def local_path(url):
    assert url.startswith(ORIGIN + "/"), url
    return url.removeprefix(ORIGIN)


def sitemap_files(client):
    """The section files the index lists, as paths with their query (?p=N)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    return [local_path(loc.text) for loc in root.findall("s:sitemap/s:loc", NS)]


def sitemap_documents(client):
    """Every section file's XML, by path."""
    documents = {}
    for path in sitemap_files(client):
        response = client.get(path)
        assert response.status_code == 200, path
        documents[path] = response.content.decode()
    return documents


def sitemap_xml(client):
    """All the section files' XML, one after the other (for text searches)."""
    return "\n".join(sitemap_documents(client).values())


def sitemap_locations(client):
    """Every page's absolute address, from all section files."""
    locations = []
    for xml in sitemap_documents(client).values():
        root = ET.fromstring(xml)  # noqa: S314 - our own sitemap
        locations += [loc.text for loc in root.findall("s:url/s:loc", NS)]
    return locations
