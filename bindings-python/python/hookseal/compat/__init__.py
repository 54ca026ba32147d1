"""Drop-in replacements for other webhook libraries, backed by hookseal's core.

Each module copies the public surface of one library so that migrating is a change of
import line; verification itself is always hookseal's (strict parsing, timestamps checked in
both directions, constant-time comparison):

- `hookseal.compat.standardwebhooks`: the `standardwebhooks` package (also what `svix` wraps).
"""
