# Sourced: makes OTHER_ISSUER_STORE, a trust store whose one anchor (the TEST SM2 root) issued
# none of the files it is used with ("an issuer this consulate does not trust"), and
# OTHER_ISSUER_FLAGS, the verify flags for it. With no anchor at all every signed file would be
# TRUST_STORE_EMPTY, an installation fault (docs/sesame-report.md, "Trust store"). The caller
# removes the folder (rm -rf "$OTHER_ISSUER_STORE") in its own EXIT trap.
OTHER_ISSUER_STORE=$(mktemp -d)
cp keys/test-sm2-root.pem keys/test-sm2-root.pem.toml "$OTHER_ISSUER_STORE/"
OTHER_ISSUER_FLAGS=(--allow-test-keys --keys "$OTHER_ISSUER_STORE")
