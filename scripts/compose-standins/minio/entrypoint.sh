#!/bin/bash
# Ceph monitor + one memstore OSD + radosgw on :9000, the S3 user MINIO_ROOT_USER with secret
# MINIO_ROOT_PASSWORD (with RGW admin-API caps, so the mc stand-in can add users). A fresh
# cluster on every start: objects live in RAM. `server DIR ...` arguments are accepted and
# ignored (DIR only holds the cluster's state). SIGTERM stops the daemons and exits 0.
set -euo pipefail
: "${MINIO_ROOT_USER:?MINIO_ROOT_USER is not set}"
: "${MINIO_ROOT_PASSWORD:?MINIO_ROOT_PASSWORD is not set}"
B=/data/rgw-standin; C=(-c "$B/ceph.conf")
rm -rf "$B"; mkdir -p "$B"/{mon.a,osd.0,rgw,run,log}
FSID=$(cat /proc/sys/kernel/random/uuid); MON="[v2:127.0.0.1:13300,v1:127.0.0.1:16789]"
cat >"$B/ceph.conf" <<CONF
[global]
fsid = $FSID
mon host = $MON
public addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc
run dir = $B/run
pid file = $B/run/\$name.pid
log file = $B/log/\$name.log
keyring = $B/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
mon data avail crit = 1
osd crush chooseleaf type = 0
[mon]
mon data = $B/mon.\$id
mon cluster log file = $B/log/cluster.log
paxos propose interval = 0.01
paxos min wait = 0.01
[osd]
osd data = $B/osd.\$id
osd objectstore = memstore
memstore device bytes = ${RGW_STANDIN_MEMSTORE_BYTES:-2147483648}
[client.rgw.a]
rgw frontends = beast endpoint=0.0.0.0:9000
rgw data = $B/rgw
rgw lc debug interval = -1
CONF
stop() {
  echo "minio-standin: stopping"
  kill "$(cat "$B"/run/client.rgw.a.pid 2>/dev/null)" 2>/dev/null || true
  for f in "$B"/run/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for _ in $(seq 50); do
    alive=0
    for f in "$B"/run/*.pid; do [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break; sleep 0.1
  done
  for f in "$B"/run/*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
  exit 0
}
trap stop TERM INT
wait_for() { for _ in $(seq 300); do if "$@" >/dev/null 2>&1; then return 0; fi; sleep 0.1; done; echo "minio-standin: timed out: $*" >&2; cat "$B"/log/*.log >&2 || true; exit 1; }
monmaptool --create --fsid "$FSID" --addv a "$MON" "$B/monmap" >/dev/null
ceph-authtool --create-keyring "$B/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-mon "${C[@]}" -i a --mkfs --monmap "$B/monmap" && ceph-mon "${C[@]}" -i a
wait_for ceph "${C[@]}" mon stat
U=$(cat /proc/sys/kernel/random/uuid); ID=$(ceph "${C[@]}" osd new "$U")
ceph-osd "${C[@]}" -i "$ID" --mkfs --osd-uuid "$U" 2>/dev/null && ceph-osd "${C[@]}" -i "$ID"
wait_for sh -c "ceph ${C[*]} osd dump -f json | grep -q '\"up\":1'"
radosgw "${C[@]}" -n client.rgw.a
wait_for curl -fsS -o /dev/null http://127.0.0.1:9000/
radosgw-admin "${C[@]}" user create --uid="$MINIO_ROOT_USER" --display-name="$MINIO_ROOT_USER" \
  --access-key="$MINIO_ROOT_USER" --secret-key="$MINIO_ROOT_PASSWORD" >/dev/null
radosgw-admin "${C[@]}" caps add --uid="$MINIO_ROOT_USER" --caps="users=*;buckets=*;metadata=read" >/dev/null
echo "minio-standin: Ceph RGW serving S3 on :9000 (user $MINIO_ROOT_USER)"
# Stay in the foreground while radosgw lives; `wait` returns early on a signal, which runs stop.
pid=$(cat "$B/run/client.rgw.a.pid")
while kill -0 "$pid" 2>/dev/null; do sleep 1 & wait $! || true; done
echo "minio-standin: radosgw exited" >&2
exit 1
