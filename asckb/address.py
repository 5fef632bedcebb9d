"""The address a site is built for, and the example address that must never be published.

Adapters ask this before anything is built. The feed, the sitemap and the open
data name pages by their full address, so a site built for the address that
mkdocs.yml ships with (an example.org one) would be published with links that
lead nowhere. The publishing workflows (.github/workflows/publish.yml,
.gitlab-ci.yml) say two things through the environment:

- ASCKB_SITE_URL: the host's address for the site (GitHub's or GitLab's Pages
  address). Used only while mkdocs.yml still names an example address: an
  address a board has written in mkdocs.yml (its own domain) always wins.
- ASCKB_DEPLOY=1: this build is going to be published; an example address is
  then refused with one line saying what to set.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

#: The address mkdocs.yml ships with.
EXAMPLE_SITE_URL = "https://adult-social-care-learning.example.org/"
#: Domains reserved for examples (RFC 2606, RFC 6761): never a real site's.
EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "example")


class AddressError(ValueError):
    """The site has no address it can be published at; the message is one line saying what to set."""


def is_example(url: str) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)


def site_address(configured: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The address to build for (ending in "/"): mkdocs.yml's site_url (configured), or the host's
    (ASCKB_SITE_URL) while that is an example address. AddressError when there is none, and, in a build
    for deployment (ASCKB_DEPLOY=1), when it is still an example address."""
    if not configured:
        raise AddressError("mkdocs.yml: site_url is not set: the Atom feed needs the site's full address for its "
                           "links (for example site_url: https://learning.example.org/)")
    address = configured
    given = environ.get("ASCKB_SITE_URL", "").strip()
    if given and is_example(configured):
        if urlsplit(given).scheme not in ("http", "https") or not urlsplit(given).hostname:
            raise AddressError(f"ASCKB_SITE_URL: {given!r} is not a web address: give the site's full address, "
                               "for example https://your-board.github.io/learning/")
        address = given
    if environ.get("ASCKB_DEPLOY") == "1" and is_example(address):
        raise AddressError(f"mkdocs.yml: site_url is the example address {address}, which must not be published: "
                           "set site_url in mkdocs.yml to the address the site is published at "
                           "(see 'Publishing the site' in the maintainers' pages)")
    return address if address.endswith("/") else address + "/"
