#!/bin/sh
# One-shot setup for docker-compose.yml, run with the `elastic` superuser's password:
#  1. wait for Elasticsearch;
#  2. set the built-in kibana_system user's password (Kibana logs in with it);
#  3. create rykte's own API key, limited to rykte's indices and templates, and write it to
#     /secrets/rykte.env for the rykte services. Run again, it keeps the existing key.
set -eu
ES=http://elasticsearch:9200
auth="elastic:${ELASTIC_PASSWORD}"
until curl -fsS -u "$auth" "$ES/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null; do sleep 2; done
curl -fsS -u "$auth" -H 'content-type: application/json' -X POST "$ES/_security/user/kibana_system/_password" \
  -d "{\"password\":\"${KIBANA_PASSWORD}\"}" >/dev/null
if [ ! -s /secrets/rykte.env ]; then
  key=$(curl -fsS -u "$auth" -H 'content-type: application/json' -X POST "$ES/_security/api_key" -d '{
    "name": "rykte",
    "role_descriptors": {
      "rykte": {
        "cluster": ["monitor", "manage_index_templates"],
        "indices": [{ "names": ["rykte-*"], "privileges": ["all"] }]
      }
    }
  }' | sed -n 's/.*"encoded":"\([^"]*\)".*/\1/p')
  [ -n "$key" ] || { echo "setup: could not create rykte's API key" >&2; exit 1; }
  umask 077
  echo "ELASTICSEARCH_API_KEY=$key" > /secrets/rykte.env
fi
echo "setup: kibana_system password set; rykte's API key in /secrets/rykte.env"
