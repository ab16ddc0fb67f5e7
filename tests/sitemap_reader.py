"""Reading the sitemaps as a crawler does: the index, then every file it lists."""

from urllib.parse import urlsplit

from lxml import etree

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def sitemap_files(client):
    """(path, parsed <urlset>) of each file the index lists, checked on the way."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200, index.status_code
    assert index["Content-Type"].startswith("application/xml")
    root = etree.fromstring(body_of(index))
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    files = []
    for location in root.xpath("//s:sitemap/s:loc/text()", namespaces=NS):
        path = urlsplit(location).path
        response = client.get(path)
        assert response.status_code == 200, path
        files.append((path, etree.fromstring(body_of(response))))
    return files


def sitemap_text(client):
    """Every file's XML, as one text (for "is this address anywhere in the sitemaps?")."""
    return "\n".join(etree.tostring(root, encoding="unicode") for _p, root in sitemap_files(client))


def sitemap_locations(client):
    return [
        location
        for _path, root in sitemap_files(client)
        for location in root.xpath("//s:url/s:loc/text()", namespaces=NS)
    ]
