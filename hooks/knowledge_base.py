"""The MkDocs hook (mkdocs.yml `hooks:`): MkDocs's events wired to the knowledge base's plugin.

Everything it does is in asckb/adapters/mkdocs_plugin.py (a plugin-shaped object: its configuration, its
state, one method per event); a hook is how MkDocs runs a project's own plugin without registering it.
"""
from mkdocs.exceptions import PluginError

try:
    from asckb.adapters.mkdocs_plugin import KnowledgeBasePlugin
except ModuleNotFoundError as error:  # the project itself is not installed
    raise PluginError(f"The engine (asckb) cannot be imported ({error}): run `python3 -m pip install -r "
                      "requirements.txt` in the project's folder, then build again") from None

plugin = KnowledgeBasePlugin()

on_startup = plugin.on_startup
on_serve = plugin.on_serve
on_config = plugin.on_config
on_files = plugin.on_files
on_env = plugin.on_env
on_page_markdown = plugin.on_page_markdown
on_page_context = plugin.on_page_context
on_post_page = plugin.on_post_page
on_post_build = plugin.on_post_build
on_build_error = plugin.on_build_error
