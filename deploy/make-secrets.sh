#!/usr/bin/env bash
# Creates the HMAC keys deploy/rakorbot.example.yaml refers to, in
# deploy/secrets/ (for docker compose, which mounts that folder at
# /run/secrets/rakorbot). Existing keys are kept. Give the bridge team
# bridge-2024 and each integrator its own key, over a secure channel.
set -euo pipefail
cd "$(dirname "$0")/secrets"
umask 077
for key in bridge-2024 kpu-ri-2024 bpkad-kalsel-2024; do
  if [ ! -s "$key" ]; then
    openssl rand -hex 32 > "$key"
    echo "created deploy/secrets/$key"
  fi
done
# The container runs as uid 10001; it must be able to read the keys.
chmod 0444 -- *-20*
