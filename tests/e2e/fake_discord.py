"""A small fake Discord (REST + gateway websocket) on loopback, for end-to-end tests.

The real, unmodified discord.py client logs in to it: :meth:`FakeDiscord.patched` re-points
``discord.http.Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY`` (discord.py 2.7 connects
to that gateway directly, without asking ``GET /gateway``). At login the client calls
``GET /users/@me`` and ``GET /oauth2/applications/@me``; ``tree.sync`` does ``PUT
.../commands``. The gateway says HELLO, acknowledges heartbeats, answers IDENTIFY with READY
and one GUILD_CREATE per guild, and then dispatches whatever a test pushes.

Typical use::

    fake = FakeDiscord()
    async with fake.serving(), fake.running(bot, "token"):
        msg = await fake.send_message("<@BOT> who presented I3?", author=fake.user(1, "ann"))
        sent = await fake.wait_for_request("POST", "/channels/{channel_id}/messages")

Build the client with ``**FAST`` (``guild_ready_timeout=0.05``): discord.py otherwise waits
two seconds after the last GUILD_CREATE before it is ready.

Every REST request is recorded in :attr:`FakeDiscord.requests` (method, path, route pattern,
path parameters, query, JSON body, uploaded files). Add or override a route with
:meth:`FakeDiscord.route`; unknown routes answer 404 and are recorded too, so a test sees what
the bot tried. Default routes cover messages (with files), interaction callbacks, follow-ups,
command sync, typing, attachment downloads and a small scheduled-events store.

What users do: :meth:`send_message` (a mention, a DM with ``guild=False``, attachments),
:meth:`slash` (subcommands as ``"kb upload"``, attachment options from :meth:`attachment`,
member ``permissions``/``roles``), :meth:`autocomplete`, :meth:`press`. What the bot did:
:attr:`requests`, :meth:`requests_to`, :meth:`wait_for_request` (use :meth:`mark` as
``after``), :meth:`callback_of`, :meth:`followup_of`, and the stores :attr:`messages`,
:attr:`commands`, :attr:`scheduled_events`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord
import yarl
from aiohttp import web
from discord.gateway import DiscordWebSocket

API_PREFIX = "/api/v10"

# Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes).
DISPATCH, HEARTBEAT, IDENTIFY, RESUME, HELLO, HEARTBEAT_ACK = 0, 1, 2, 6, 10, 11

# Interaction types and callback types.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 2, 3, 4
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, AUTOCOMPLETE_RESULT = (
    4,
    5,
    6,
    7,
    8,
)

# Client options for tests: discord.py waits guild_ready_timeout (2 s) after the last
# GUILD_CREATE before READY; the fake sends every guild at once.
FAST = {"guild_ready_timeout": 0.05}

ALL_TEXT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
    add_reactions=True,
    manage_events=True,
    create_events=True,
)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


@dataclass
class RecordedRequest:
    """One REST call the bot made."""

    method: str
    path: str  # without the /api/v10 prefix
    route: str  # the matched pattern, e.g. "/channels/{channel_id}/messages" ("" when unknown)
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    files: list[tuple[str, str, bytes]]  # (form field, file name, content)
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)

    def __repr__(self) -> str:
        return f"<{self.method} {self.path}>"


@dataclass
class Respond:
    """A handler's answer when it is not a plain 200 JSON body."""

    status: int
    body: Any = None


Handler = Callable[[RecordedRequest], Any | Awaitable[Any]]


def _compile(pattern: str) -> re.Pattern[str]:
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", re.escape(pattern).replace(r"\{", "{").replace(r"\}", "}"))
    return re.compile(f"^{regex}$")


class FakeDiscord:
    """The fake server; one guild with a few text channels unless told otherwise."""

    def __init__(self, *, heartbeat_interval_ms: int = 41_250) -> None:
        self._ids = itertools.count(1_100_000_000_000_000_000)
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.application_id = self.snowflake()
        self.bot_user = self.user(self.application_id, "talkbot", bot=True)
        self.token = "fake-token"
        self.guild_id = self.snowflake()
        self.channel_id = self.snowflake()  # "general"
        self.ask_channel_id = self.snowflake()  # "ask-the-bot"
        self.quiet_channel_id = self.snowflake()  # the bot may read but not embed here
        self.bot_role_id = self.snowflake()
        self.guilds: dict[int, dict[str, Any]] = {}
        self.add_guild(self._default_guild())

        self.requests: list[RecordedRequest] = []
        self.identify: dict[str, Any] | None = None
        self.messages: dict[int, dict[str, Any]] = {}
        self.commands: dict[int | None, list[dict[str, Any]]] = {}  # guild id (None = global) -> commands
        self.interactions: dict[str, dict[str, Any]] = {}  # token -> {"payload", "original"}
        self.scheduled_events: dict[int, dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}  # attachment id -> content, served for downloads

        self._routes: list[tuple[str, str, re.Pattern[str], Handler]] = []
        self._changed = asyncio.Condition()
        self._sockets: set[web.WebSocketResponse] = set()
        self._seq = 0
        self._ready = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._install_default_routes()

    # --- identities ----------------------------------------------------------------------------

    def snowflake(self) -> int:
        return next(self._ids)

    def user(self, user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
        return {
            "id": str(user_id),
            "username": name,
            "global_name": name.title(),
            "discriminator": "0",
            "avatar": None,
            "bot": bot,
            "public_flags": 0,
        }

    def member(
        self, user: dict[str, Any], roles: tuple[int, ...] = (), *, with_user: bool = True
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r) for r in roles],
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
        }
        if with_user:
            data["user"] = user
        return data

    def text_channel(
        self, channel_id: int, name: str, overwrites: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        return {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": name,
            "position": 0,
            "permission_overwrites": overwrites or [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def _default_guild(self) -> dict[str, Any]:
        deny_embeds = [
            {
                "id": str(self.bot_role_id),
                "type": 0,
                "allow": "0",
                "deny": str(discord.Permissions(embed_links=True, read_message_history=True).value),
            }
        ]
        return {
            "id": str(self.guild_id),
            "name": "EU Clusters Talks",
            "owner_id": str(self.snowflake()),
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "features": [],
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "max_members": 500000,
            "vanity_url_code": None,
            "application_id": None,
            "unavailable": False,
            "large": False,
            "member_count": 3,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "roles": [
                {
                    "id": str(self.guild_id),
                    "name": "@everyone",
                    "permissions": str(
                        discord.Permissions(view_channel=True, read_message_history=True).value
                    ),
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                },
                {
                    "id": str(self.bot_role_id),
                    "name": "talkbot",
                    "permissions": str(ALL_TEXT_PERMISSIONS.value),
                    "position": 1,
                    "color": 0,
                    "hoist": False,
                    "managed": True,
                    "mentionable": False,
                    "flags": 0,
                    "tags": {"bot_id": str(self.application_id)},
                },
            ],
            "emojis": [],
            "stickers": [],
            "channels": [
                self.text_channel(self.channel_id, "general"),
                self.text_channel(self.ask_channel_id, "ask-the-bot"),
                self.text_channel(self.quiet_channel_id, "no-embeds", deny_embeds),
            ],
            "threads": [],
            "members": [self.member(self.bot_user, (self.bot_role_id,))],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
        }

    def add_guild(self, guild: dict[str, Any]) -> None:
        """Add a guild to send in GUILD_CREATE at IDENTIFY (call before the bot connects)."""
        self.guilds[int(guild["id"])] = guild

    def channel(self, channel_id: int) -> dict[str, Any] | None:
        for guild in self.guilds.values():
            for channel in guild["channels"]:
                if int(channel["id"]) == channel_id:
                    return channel
        return None

    # --- serving -------------------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @contextlib.contextmanager
    def patched(self) -> Iterator[None]:
        """Point discord.py at this server for the duration."""
        old_base, old_gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway

    @contextlib.asynccontextmanager
    async def serving(self) -> AsyncIterator[FakeDiscord]:
        await self.start()
        try:
            with self.patched():
                yield self
        finally:
            await self.close()

    @contextlib.asynccontextmanager
    async def running(
        self, client: discord.Client, token: str | None = None, timeout: float = 10
    ) -> AsyncIterator[None]:
        """Run ``client`` against this server until the block ends; waits for READY first."""
        task = asyncio.create_task(client.start(token or self.token))
        ready = asyncio.create_task(client.wait_until_ready())
        done, _ = await asyncio.wait({task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if ready not in done:
            ready.cancel()
            if task in done:
                task.result()  # raise the client's own error
            task.cancel()
            raise TimeoutError("the client did not become ready")
        try:
            yield
        finally:
            await client.close()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout)

    # --- REST ------------------------------------------------------------------------------------

    def route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        """Register a handler for ``METHOD /path/{param}``; later registrations win.

        The handler gets the :class:`RecordedRequest` and returns a JSON-able body (200),
        ``None`` (204) or :class:`Respond`; it may be a coroutine function.
        """

        def register(handler: Handler) -> Handler:
            self._routes.append((method.upper(), pattern, _compile(pattern), handler))
            return handler

        return register

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: list[tuple[str, str, bytes]] = []
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            for name, value in form.items():
                if isinstance(value, web.FileField):
                    files.append((name, value.filename, value.file.read()))
                elif name == "payload_json":
                    body = json.loads(str(value))
        elif request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw else None
        handler, pattern, params = self._match(request.method, path)
        recorded = RecordedRequest(
            method=request.method,
            path=path,
            route=pattern,
            params=params,
            query=dict(request.query),
            json=body,
            files=files,
            headers=dict(request.headers),
        )
        if request.headers.get("Authorization") not in (f"Bot {self.token}", None) and not path.startswith(
            ("/interactions/", "/webhooks/")
        ):
            result: Any = Respond(401, {"message": "401: Unauthorized", "code": 0})
        elif handler is None:
            result = Respond(
                404, {"message": f"404: Not Found (no fake route for {request.method} {path})", "code": 0}
            )
        else:
            result = handler(recorded)
            if asyncio.iscoroutine(result):
                result = await result
        async with self._changed:
            self.requests.append(recorded)
            self._changed.notify_all()
        if isinstance(result, Respond):
            if result.body is None:
                return web.Response(status=result.status)
            return _json(result.body, result.status)
        if result is None:
            return web.Response(status=204)
        if isinstance(result, bytes):
            return web.Response(body=result, content_type="application/octet-stream")
        return _json(result)

    def _match(self, method: str, path: str) -> tuple[Handler | None, str, dict[str, str]]:
        for route_method, pattern, regex, handler in reversed(self._routes):
            if route_method == method:
                found = regex.match(path)
                if found:
                    return handler, pattern, found.groupdict()
        return None, "", {}

    def mark(self) -> int:
        """The number of requests so far: pass it as ``after`` to wait only for later ones."""
        return len(self.requests)

    def requests_to(self, method: str, pattern: str, after: int = 0) -> list[RecordedRequest]:
        regex = _compile(pattern)
        return [r for r in self.requests[after:] if r.method == method and regex.match(r.path)]

    async def wait_for_request(
        self,
        method: str,
        pattern: str,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        *,
        after: int = 0,
        timeout: float = 5.0,
    ) -> RecordedRequest:
        """The first request (from index ``after``) to ``METHOD pattern`` that satisfies ``predicate``."""

        def find() -> RecordedRequest | None:
            for r in self.requests_to(method, pattern, after):
                if predicate is None or predicate(r):
                    return r
            return None

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: find() is not None), timeout)
            except TimeoutError:
                seen = "\n  ".join(
                    f"{r.method} {r.path} {json.dumps(r.json)[:200]}" for r in self.requests[after:]
                )
                raise AssertionError(
                    f"no {method} {pattern} within {timeout}s; requests were:\n  {seen}"
                ) from None
        found = find()
        assert found is not None
        return found

    # --- default routes ------------------------------------------------------------------------

    def _install_default_routes(self) -> None:
        r = self.route
        r("GET", "/users/@me")(lambda req: self.bot_user)
        r("GET", "/gateway")(lambda req: {"url": self.gateway_url})
        r("GET", "/gateway/bot")(
            lambda req: {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )
        r("GET", "/oauth2/applications/@me")(lambda req: self.application_info())
        r("GET", "/applications/@me")(lambda req: self.application_info())
        r("PUT", "/applications/{app_id}/commands")(lambda req: self._put_commands(None, req))
        r("GET", "/applications/{app_id}/commands")(lambda req: self.commands.get(None, []))
        r("PUT", "/applications/{app_id}/guilds/{guild_id}/commands")(
            lambda req: self._put_commands(int(req.params["guild_id"]), req)
        )
        r("GET", "/applications/{app_id}/guilds/{guild_id}/commands")(
            lambda req: self.commands.get(int(req.params["guild_id"]), [])
        )
        r("POST", "/channels/{channel_id}/messages")(self._create_message)
        r("PATCH", "/channels/{channel_id}/messages/{message_id}")(self._edit_message)
        r("DELETE", "/channels/{channel_id}/messages/{message_id}")(self._delete_message)
        r("GET", "/channels/{channel_id}/messages/{message_id}")(self._get_message)
        r("POST", "/channels/{channel_id}/typing")(lambda req: None)
        r("GET", "/attachments/{attachment_id}/{filename}")(
            lambda req: self.files.get(
                req.params["attachment_id"], Respond(404, {"message": "Not Found", "code": 0})
            )
        )
        r("POST", "/users/@me/channels")(self._open_dm)
        r("POST", "/interactions/{interaction_id}/{token}/callback")(self._interaction_callback)
        r("POST", "/webhooks/{app_id}/{token}")(self._followup)
        r("GET", "/webhooks/{app_id}/{token}/messages/{message_id}")(self._webhook_get)
        r("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}")(self._webhook_edit)
        r("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}")(self._webhook_delete)
        r("GET", "/guilds/{guild_id}/scheduled-events")(
            lambda req: [e for e in self.scheduled_events.values() if e["guild_id"] == req.params["guild_id"]]
        )
        r("POST", "/guilds/{guild_id}/scheduled-events")(self._create_event)
        r("PATCH", "/guilds/{guild_id}/scheduled-events/{event_id}")(self._edit_event)
        r("DELETE", "/guilds/{guild_id}/scheduled-events/{event_id}")(
            lambda req: self.scheduled_events.pop(int(req.params["event_id"]), None) and None
        )

    def application_info(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": "talkbot",
            "icon": None,
            "description": "",
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.user(self.snowflake(), "owner"),
            "summary": "",
            "verify_key": "0" * 64,
            "team": None,
            "flags": 0,
            "bot": self.bot_user,
        }

    def _put_commands(self, guild_id: int | None, req: RecordedRequest) -> list[dict[str, Any]]:
        existing = {c["name"]: c for c in self.commands.get(guild_id, [])}
        out = []
        for command in req.json or []:
            stored = {
                "type": 1,
                **command,
                "id": existing.get(command["name"], {}).get("id") or str(self.snowflake()),
                "application_id": str(self.application_id),
                "version": str(self.snowflake()),
            }
            if guild_id is not None:
                stored["guild_id"] = str(guild_id)
            out.append(stored)
        self.commands[guild_id] = out
        return out

    def command_id(self, name: str, guild_id: int | None = None) -> str:
        for command in self.commands.get(guild_id, []):
            if command["name"] == name:
                return command["id"]
        raise KeyError(f"command {name!r} was not synced (guild {guild_id})")

    def _message_from(
        self, body: dict[str, Any] | None, channel_id: int, files: list[tuple[str, str, bytes]], **extra: Any
    ) -> dict[str, Any]:
        body = body or {}
        channel = self.channel(channel_id)
        message = {
            "id": str(self.snowflake()),
            "channel_id": str(channel_id),
            "author": self.bot_user,
            "content": body.get("content") or "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [
                {
                    "id": str(self.snowflake()),
                    "filename": filename,
                    "size": len(content),
                    "url": f"{self.api_base}/attachments/{filename}",
                    "proxy_url": f"{self.api_base}/attachments/{filename}",
                }
                for _field, filename, content in files
            ],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 19 if body.get("message_reference") else 0,
            "flags": body.get("flags") or 0,
            **extra,
        }
        if channel is not None:
            message["guild_id"] = channel["guild_id"]
        if body.get("message_reference"):
            message["message_reference"] = body["message_reference"]
        return message

    def _create_message(self, req: RecordedRequest) -> dict[str, Any]:
        channel_id = int(req.params["channel_id"])
        message = self._message_from(req.json, channel_id, req.files)
        self.messages[int(message["id"])] = message
        return message

    def _edit_message(self, req: RecordedRequest) -> dict[str, Any] | Respond:
        message = self.messages.get(int(req.params["message_id"]))
        if message is None:
            return Respond(404, {"message": "Unknown Message", "code": 10008})
        message.update(
            {k: v for k, v in (req.json or {}).items() if k in ("content", "embeds", "components", "flags")}
        )
        message["edited_timestamp"] = _now_iso()
        return message

    def _delete_message(self, req: RecordedRequest) -> None:
        self.messages.pop(int(req.params["message_id"]), None)

    def _get_message(self, req: RecordedRequest) -> dict[str, Any] | Respond:
        message = self.messages.get(int(req.params["message_id"]))
        return message if message is not None else Respond(404, {"message": "Unknown Message", "code": 10008})

    def _open_dm(self, req: RecordedRequest) -> dict[str, Any]:
        recipient = (req.json or {}).get("recipient_id")
        return {"id": str(self.snowflake()), "type": 1, "recipients": [self.user(int(recipient), "someone")]}

    def _interaction_callback(self, req: RecordedRequest) -> dict[str, Any]:
        token = req.params["token"]
        entry = self.interactions.setdefault(token, {"payload": {}, "original": None})
        payload = entry["payload"]
        kind = (req.json or {}).get("type")
        data = (req.json or {}).get("data") or {}
        channel_id = int(payload.get("channel_id") or self.channel_id)
        result: dict[str, Any] = {
            "interaction": {"id": req.params["interaction_id"], "type": payload.get("type", 2)}
        }
        message = None
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            user = payload.get("user") or (payload.get("member") or {}).get("user") or self.bot_user
            metadata = {
                "id": req.params["interaction_id"],
                "type": payload.get("type", APPLICATION_COMMAND),
                "user": user,
                "authorizing_integration_owners": payload.get("authorizing_integration_owners", {}),
            }
            message = self._message_from(data, channel_id, req.files, interaction_metadata=metadata)
            if kind == DEFERRED_CHANNEL_MESSAGE:
                message["flags"] = (data.get("flags") or 0) | 128  # loading
                result["interaction"]["response_message_loading"] = True
            entry["original"] = message
            self.messages[int(message["id"])] = message
        elif kind in (UPDATE_MESSAGE, DEFERRED_UPDATE) and payload.get("message"):
            message = self.messages.setdefault(int(payload["message"]["id"]), payload["message"])
            if kind == UPDATE_MESSAGE:
                message.update(
                    {k: v for k, v in data.items() if k in ("content", "embeds", "components", "flags")}
                )
            entry["original"] = message
        if message is not None:
            result["interaction"]["response_message_id"] = message["id"]
            result["interaction"]["response_message_ephemeral"] = bool((message.get("flags") or 0) & 64)
            result["resource"] = {"type": kind, "message": message}
        return result

    def _followup(self, req: RecordedRequest) -> dict[str, Any]:
        entry = self.interactions.get(req.params["token"], {"payload": {}})
        channel_id = int(entry["payload"].get("channel_id") or self.channel_id)
        message = self._message_from(req.json, channel_id, req.files, webhook_id=req.params["app_id"])
        self.messages[int(message["id"])] = message
        return message

    def _webhook_message(self, req: RecordedRequest) -> dict[str, Any] | None:
        if req.params["message_id"] == "@original":
            entry = self.interactions.get(req.params["token"])
            return entry["original"] if entry else None
        return self.messages.get(int(req.params["message_id"]))

    def _webhook_get(self, req: RecordedRequest) -> dict[str, Any] | Respond:
        message = self._webhook_message(req)
        return message if message is not None else Respond(404, {"message": "Unknown Message", "code": 10008})

    def _webhook_edit(self, req: RecordedRequest) -> dict[str, Any] | Respond:
        message = self._webhook_message(req)
        if message is None:
            return Respond(404, {"message": "Unknown Message", "code": 10008})
        message.update(
            {k: v for k, v in (req.json or {}).items() if k in ("content", "embeds", "components", "flags")}
        )
        message["flags"] = (message.get("flags") or 0) & ~128
        message["edited_timestamp"] = _now_iso()
        return message

    def _webhook_delete(self, req: RecordedRequest) -> None:
        message = self._webhook_message(req)
        if message is not None:
            self.messages.pop(int(message["id"]), None)

    def _create_event(self, req: RecordedRequest) -> dict[str, Any]:
        event = {
            "id": str(self.snowflake()),
            "guild_id": req.params["guild_id"],
            "creator_id": str(self.application_id),
            "creator": self.bot_user,
            "status": 1,
            "entity_id": None,
            "user_count": 0,
            "description": None,
            "channel_id": None,
            "entity_metadata": None,
            "scheduled_end_time": None,
            "image": None,
            **(req.json or {}),
        }
        self.scheduled_events[int(event["id"])] = event
        return event

    def _edit_event(self, req: RecordedRequest) -> dict[str, Any] | Respond:
        event = self.scheduled_events.get(int(req.params["event_id"]))
        if event is None:
            return Respond(404, {"message": "Unknown Guild Scheduled Event", "code": 10070})
        event.update(req.json or {})
        return event

    # --- gateway ---------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.add(ws)
        try:
            await ws.send_json(
                {"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}, "s": None, "t": None}
            )
            async for frame in ws:
                if frame.type != web.WSMsgType.TEXT:
                    continue
                payload = json.loads(frame.data)
                op = payload.get("op")
                if op == HEARTBEAT:
                    await ws.send_json({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None})
                elif op == IDENTIFY:
                    self.identify = payload["d"]
                    await self._send_ready(ws)
                elif op == RESUME:
                    await self._send(ws, "RESUMED", {})
        finally:
            self._sockets.discard(ws)
        return ws

    async def _send(self, ws: web.WebSocketResponse, event: str, data: Any) -> None:
        self._seq += 1
        await ws.send_json({"op": DISPATCH, "t": event, "s": self._seq, "d": data})

    async def _send_ready(self, ws: web.WebSocketResponse) -> None:
        await self._send(
            ws,
            "READY",
            {
                "v": 10,
                "user": self.bot_user,
                "guilds": [{"id": str(gid), "unavailable": True} for gid in self.guilds],
                "session_id": "fake-session",
                "resume_gateway_url": self.gateway_url,
                "shard": [0, 1],
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [],
                "relationships": [],
            },
        )
        for guild in self.guilds.values():
            await self._send(ws, "GUILD_CREATE", guild)
        self._ready.set()

    async def wait_ready(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._ready.wait(), timeout)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a DISPATCH to every connected client."""
        if not self._sockets:
            raise RuntimeError("no client is connected to the fake gateway")
        for ws in list(self._sockets):
            await self._send(ws, event, data)

    # --- what users do -------------------------------------------------------------------------

    def mention(self) -> str:
        """How the bot's mention looks in message content."""
        return f"<@{self.application_id}>"

    async def send_message(
        self,
        content: str,
        *,
        author: dict[str, Any],
        channel_id: int | None = None,
        guild: bool = True,
        mentions: list[dict[str, Any]] | None = None,
        mention_roles: list[int] | None = None,
        mention_everyone: bool = False,
        attachments: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A user posts a message (MESSAGE_CREATE). ``guild=False`` makes it a DM."""
        if mentions is None:
            mentions = [self.bot_user] if self.mention() in content else []
        message: dict[str, Any] = {
            "id": str(self.snowflake()),
            "channel_id": str(channel_id or (self.channel_id if guild else self.snowflake())),
            "author": author,
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": mention_everyone,
            "mentions": mentions,
            "mention_roles": [str(r) for r in mention_roles or []],
            "attachments": attachments or [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if guild:
            message["guild_id"] = str(self.guild_id)
            message["member"] = self.member(author, with_user=False)
        self.messages[int(message["id"])] = message
        await self.dispatch("MESSAGE_CREATE", message)
        return message

    def _interaction(
        self,
        kind: int,
        data: dict[str, Any],
        user: dict[str, Any],
        channel_id: int | None,
        guild: bool,
        *,
        permissions: discord.Permissions | None = None,
        roles: tuple[int, ...] = (),
    ) -> dict[str, Any]:
        interaction_id = str(self.snowflake())
        token = f"itoken-{interaction_id}"
        channel_id = channel_id or (self.channel_id if guild else self.snowflake())
        payload: dict[str, Any] = {
            "id": interaction_id,
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "channel_id": str(channel_id),
            "locale": "en-GB",
            "app_permissions": str(ALL_TEXT_PERMISSIONS.value),
            "entitlements": [],
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        if guild:
            channel = self.channel(channel_id) or self.text_channel(channel_id, "somewhere")
            payload["channel"] = channel
            payload["guild_id"] = str(self.guild_id)
            payload["guild_locale"] = "en-US"
            # Discord resolves the member's rights in the channel; a member who can use a
            # channel's commands can see it (Permissions.text() alone lacks View Channel).
            member_permissions = permissions if permissions is not None else (
                discord.Permissions.text() | discord.Permissions(view_channel=True)
            )
            payload["member"] = {**self.member(user, roles), "permissions": str(member_permissions.value)}
            payload["authorizing_integration_owners"] = {"0": str(self.guild_id)}
            payload["context"] = 0
        else:
            payload["channel"] = {"id": str(channel_id), "type": 1, "recipients": [user]}
            payload["user"] = user
            payload["authorizing_integration_owners"] = {"0": str(self.guild_id)}
            payload["context"] = 1
        self.interactions[token] = {"payload": payload, "original": None}
        return payload

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: dict[str, Any],
        channel_id: int | None = None,
        guild: bool = True,
        focused: str | None = None,
        resolved: dict[str, Any] | None = None,
        permissions: discord.Permissions | None = None,
        roles: tuple[int, ...] = (),
    ) -> dict[str, Any]:
        """A user runs ``/name`` (or types in option ``focused``: an autocomplete request).

        ``name`` may hold subcommands: ``"remind add"``, ``"kb upload"``. Option values are
        str/int/float/bool (their type is inferred), an attachment from :meth:`attachment`
        (sent as type 11 with ``resolved.attachments``), or an explicit
        ``{"type": N, "value": ...}``. ``permissions`` and ``roles`` describe the member.
        """
        command, *subcommands = name.split()
        command_guild = self.guild_id if guild and self.guild_id in self.commands else None
        resolved = dict(resolved or {})
        built = []
        for key, value in (options or {}).items():
            if isinstance(value, dict) and "filename" in value:  # an attachment
                resolved.setdefault("attachments", {})[value["id"]] = value
                option = {"name": key, "type": 11, "value": value["id"]}
            elif isinstance(value, dict) and "type" in value:
                option = {"name": key, **value}
            else:
                option = {"name": key, "type": _option_type(value), "value": value}
            if key == focused:
                option["focused"] = True
            built.append(option)
        for sub in reversed(subcommands):  # innermost first: group > subcommand > options
            kind = 1 if sub == subcommands[-1] else 2
            built = [{"name": sub, "type": kind, "options": built}]
        data: dict[str, Any] = {
            "id": self.command_id(command, command_guild),
            "name": command,
            "type": 1,
            "options": built,
        }
        if command_guild is not None:
            data["guild_id"] = str(command_guild)
        if resolved:
            data["resolved"] = resolved
        payload = self._interaction(
            AUTOCOMPLETE if focused else APPLICATION_COMMAND,
            data,
            user,
            channel_id,
            guild,
            permissions=permissions,
            roles=roles,
        )
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    def attachment(self, filename: str, content: bytes, content_type: str = "text/plain") -> dict[str, Any]:
        """A file a user uploads (for a message or an attachment option); the bot can download it."""
        attachment_id = str(self.snowflake())
        self.files[attachment_id] = content
        url = f"{self.api_base}/attachments/{attachment_id}/{filename}"
        return {
            "id": attachment_id,
            "filename": filename,
            "size": len(content),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
        }

    async def autocomplete(
        self,
        name: str,
        option: str,
        typed: str,
        *,
        user: dict[str, Any],
        permissions: discord.Permissions | None = None,
        roles: tuple[int, ...] = (),
        **other: Any,
    ) -> list[dict[str, Any]]:
        """Type ``typed`` into ``option`` of ``/name``; returns the choices the bot offered."""
        mark = self.mark()
        payload = await self.slash(
            name, {option: typed, **other}, user=user, focused=option, permissions=permissions, roles=roles
        )
        request = await self.wait_for_request(
            "POST", f"/interactions/{payload['id']}/{{token}}/callback", after=mark
        )
        assert request.json["type"] == AUTOCOMPLETE_RESULT, request.json
        return request.json["data"]["choices"]

    async def press(
        self,
        message: dict[str, Any],
        custom_id: str,
        *,
        user: dict[str, Any],
        guild: bool = True,
        permissions: discord.Permissions | None = None,
        roles: tuple[int, ...] = (),
        values: list[str] | None = None,
    ) -> dict[str, Any]:
        """A user presses the button ``custom_id`` on ``message`` (a message the bot sent), or
        with ``values``, picks those options of the select menu ``custom_id``."""
        channel_id = int(message["channel_id"])
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 2}
        if values is not None:
            data = {"custom_id": custom_id, "component_type": 3, "values": values}
        payload = self._interaction(
            MESSAGE_COMPONENT,
            data,
            user,
            channel_id,
            guild and "guild_id" in message,
            permissions=permissions,
            roles=roles,
        )
        payload["message"] = message
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def callback_of(
        self, interaction: dict[str, Any], *, after: int = 0, timeout: float = 5.0
    ) -> RecordedRequest:
        """The bot's response to ``interaction`` (its POST .../callback)."""
        return await self.wait_for_request(
            "POST", f"/interactions/{interaction['id']}/{{token}}/callback", after=after, timeout=timeout
        )

    async def followup_of(
        self, interaction: dict[str, Any], *, after: int = 0, timeout: float = 5.0
    ) -> RecordedRequest:
        """The bot's follow-up message to ``interaction`` (after a deferral)."""
        return await self.wait_for_request(
            "POST", f"/webhooks/{{app_id}}/{interaction['token']}", after=after, timeout=timeout
        )


def _json(body: Any, status: int = 200) -> web.Response:
    # discord.py only parses JSON when the content type is exactly "application/json".
    return web.Response(
        body=json.dumps(body).encode(), status=status, headers={"Content-Type": "application/json"}
    )


def _option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    return 3


def selects(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The select menus of a message the bot sent."""
    return [
        c for row in message.get("components") or [] for c in row.get("components", []) if c.get("type") == 3
    ]


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every button in a message payload, in order."""
    return [
        c for row in message.get("components") or [] for c in row.get("components", []) if c.get("type") == 2
    ]


def embeds_text(message_or_body: dict[str, Any]) -> str:
    """All text of the embeds of a message (or request body), for assertions."""
    parts = []
    for embed in message_or_body.get("embeds") or []:
        parts += [
            embed.get("title", ""),
            embed.get("description", ""),
            (embed.get("author") or {}).get("name", ""),
        ]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields", [])]
        parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(p for p in parts if p)
