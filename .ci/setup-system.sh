#!/usr/bin/env bash
# Debian packages the tests use as independent peers: xmllint (XSD checks),
# python3-zeep and python3-spyne (SOAP peers), chromium (the page test).
# Idempotent: skips apt when everything is already there.
set -euo pipefail
need=()
command -v xmllint >/dev/null || need+=(libxml2-utils)
/usr/bin/python3 -c 'import zeep' 2>/dev/null || need+=(python3-zeep)
/usr/bin/python3 -c 'import spyne' 2>/dev/null || need+=(python3-spyne)
command -v chromium >/dev/null || need+=(chromium)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
