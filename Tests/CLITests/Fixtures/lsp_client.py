"""A real LSP client (pygls) talking to `shipshape lsp`: opens a Dockerfile, waits for its diagnostics, asks for
the code actions and a hover, changes the document incrementally, edits .shipshape.yml (didChangeWatchedFiles),
then shuts the server down. Prints what it got as one JSON object for Tests/CLITests/LspClientTests.swift.

    python lsp_client.py SHIPSHAPE DIRECTORY
"""

import asyncio
import json
import pathlib
import sys

from lsprotocol import types
from pygls.lsp.client import LanguageClient


async def main(shipshape: str, directory: str) -> None:
    root = pathlib.Path(directory)
    dockerfile = root / "Dockerfile"
    uri = dockerfile.as_uri()
    client = LanguageClient("shipshape-test", "1")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def on_register(params: types.RegistrationParams) -> None:
        return None

    async def next_diagnostics() -> list:
        params = await asyncio.wait_for(published.get(), 60)
        return [
            {
                "code": d.code,
                "severity": int(d.severity) if d.severity else None,
                "line": d.range.start.line,
                "character": d.range.start.character,
                "endCharacter": d.range.end.character,
                "message": d.message,
            }
            for d in params.diagnostics
        ]

    await client.start_io(shipshape, "lsp", "--stdio")
    capabilities = types.ClientCapabilities(
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
        )
    )
    init = await client.initialize_async(
        types.InitializeParams(capabilities=capabilities, root_uri=root.as_uri(), process_id=None)
    )
    client.initialized(types.InitializedParams())
    text = dockerfile.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="dockerfile", version=1, text=text)
        )
    )
    opened = await next_diagnostics()

    document = types.TextDocumentIdentifier(uri=uri)
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=100, character=0))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=document, range=whole, context=types.CodeActionContext(diagnostics=[])
        )
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=document, position=types.Position(line=1, character=5))
    )

    # Type a comment at the top: the diagnostics move down a line.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
                    ),
                    text="# 😀 typed\n",
                )
            ],
        )
    )
    changed = await next_diagnostics()

    (root / ".shipshape.yml").write_text("disable: [apt-get-update-alone]\n", encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=(root / ".shipshape.yml").as_uri(), type=types.FileChangeType.Created)]
        )
    )
    reconfigured = await next_diagnostics()

    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    print(
        json.dumps(
            {
                "server": init.server_info.name if init.server_info else None,
                "sync": int(init.capabilities.text_document_sync.change),
                "opened": opened,
                "changed": changed,
                "reconfigured": reconfigured,
                "actions": [
                    {
                        "title": a.title,
                        "kind": a.kind,
                        "edits": [
                            {
                                "line": e.range.start.line,
                                "character": e.range.start.character,
                                "newText": e.new_text,
                            }
                            for e in (a.edit.changes or {}).get(uri, [])
                        ],
                    }
                    for a in (actions or [])
                ],
                "hover": hover.contents.value if hover else None,
            }
        )
    )


asyncio.run(main(sys.argv[1], sys.argv[2]))
