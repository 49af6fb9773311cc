"""The webhook's baseline: a Flask app that checks the signature and no more.

Run as ``python -m bench.echo_app PORT PUBLIC_URL AUTH_TOKEN``; it serves
on 127.0.0.1 with waitress and two threads, as the bot does in the webhook
benchmark.
"""

from __future__ import annotations

import sys

from flask import Flask, Response, request
from twilio.request_validator import RequestValidator

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def create_app(public_url: str, auth_token: str) -> Flask:
    app = Flask("echo")
    validator = RequestValidator(auth_token)

    @app.post("/twilio/whatsapp")
    def whatsapp() -> Response:
        signature = request.headers.get("X-Twilio-Signature", "")
        url = public_url.rstrip("/") + request.path
        if not validator.validate(url, request.form.to_dict(), signature):
            return Response(EMPTY_TWIML, status=403, content_type="text/xml")
        return Response(EMPTY_TWIML, content_type="text/xml; charset=utf-8")

    @app.get("/healthz")
    def healthz() -> Response:
        return Response("ok")

    return app


def main() -> None:
    from waitress import serve

    port, public_url, auth_token = sys.argv[1:4]
    serve(
        create_app(public_url, auth_token), host="127.0.0.1", port=int(port), threads=2
    )


if __name__ == "__main__":
    main()
