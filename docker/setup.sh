#!/bin/sh
# One-shot setup for docker-compose.yml, run with the `elastic` superuser's password:
#  1. wait for Elasticsearch;
#  2. set the built-in kibana_system user's password (Kibana logs in with it);
#  3. create rykte's API keys, one per role (setup, ingest, reader), limited to rykte's
#     indices, and write them to /secrets/rykte.env. Run again, it keeps the existing keys.
set -eu
ES=http://elasticsearch:9200
auth="elastic:${ELASTIC_PASSWORD}"
until curl -fsS -u "$auth" "$ES/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null; do sleep 2; done
curl -fsS -u "$auth" -H 'content-type: application/json' -X POST "$ES/_security/user/kibana_system/_password" \
  -d "{\"password\":\"${KIBANA_PASSWORD}\"}" >/dev/null
# One API key per role of README "Roles and privileges": `rykte setup` with the setup key,
# `rykte run` with the ingest key (no cluster privilege), `rykte serve` with the reader key.
key() {
  curl -fsS -u "$auth" -H 'content-type: application/json' -X POST "$ES/_security/api_key" \
    -d "{\"name\":\"$1\",\"role_descriptors\":{\"$1\":$2}}" | sed -n 's/.*"encoded":"\([^"]*\)".*/\1/p'
}
if ! grep -q '^RYKTE_READER_API_KEY=' /secrets/rykte.env 2>/dev/null; then
  setup=$(key rykte-setup '{"cluster":["monitor","manage_index_templates"],"indices":[{"names":["rykte-*"],"privileges":["manage","write","read"]}]}')
  ingest=$(key rykte-ingest '{"cluster":[],"indices":[{"names":["rykte-*"],"privileges":["create_index","write","read","view_index_metadata"]}]}')
  reader=$(key rykte-reader '{"cluster":[],"indices":[{"names":["rykte-*"],"privileges":["read"]}]}')
  [ -n "$setup" ] && [ -n "$ingest" ] && [ -n "$reader" ] || { echo "setup: could not create rykte's API keys" >&2; exit 1; }
  umask 077
  printf 'RYKTE_SETUP_API_KEY=%s\nRYKTE_INGEST_API_KEY=%s\nRYKTE_READER_API_KEY=%s\n' "$setup" "$ingest" "$reader" > /secrets/rykte.env
fi
echo "setup: kibana_system password set; rykte's API keys (setup, ingest, reader) in /secrets/rykte.env"
