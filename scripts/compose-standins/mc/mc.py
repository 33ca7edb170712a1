#!/usr/bin/python3
"""A stand-in for MinIO's `mc`, talking to the Ceph RGW stand-in of minio/minio.

Implements what docker/minio-init.sh runs, nothing more:
  alias set NAME URL ACCESS SECRET       (kept in ~/.mc-standin/aliases.json)
  mb [--ignore-existing] ALIAS/BUCKET
  anonymous set none ALIAS/BUCKET         (private ACL)
  admin policy create ALIAS NAME FILE     (kept locally until attached)
  admin user add ALIAS ACCESS SECRET      (RGW admin API: create the user, or set its key)
  admin policy attach ALIAS NAME --user U (RGW has no MinIO-style user policies: the policy's
                                           statements become a bucket policy naming the user)
  admin user info ALIAS U
  ilm rule add --tags K=V --expire-days N ALIAS/BUCKET, ilm rule rm --all --force ALIAS/BUCKET,
  ilm rule ls [--json] ALIAS/BUCKET
"""
import json, os, sys, uuid, urllib.parse, urllib.request, urllib.error
import boto3
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

STATE = os.path.join(os.path.expanduser('~'), '.mc-standin')

def die(msg, code=1):
    print(f'mc: <ERROR> {msg}', file=sys.stderr); sys.exit(code)

def load(name, default):
    try:
        with open(os.path.join(STATE, name)) as f: return json.load(f)
    except FileNotFoundError: return default

def save(name, value):
    os.makedirs(STATE, exist_ok=True)
    with open(os.path.join(STATE, name), 'w') as f: json.dump(value, f)

def alias(name):
    a = load('aliases.json', {}).get(name)
    if not a: die(f'unknown alias {name}')
    return a

def target(arg):
    name, _, bucket = arg.partition('/')
    return alias(name), bucket.strip('/')

def s3(a):
    return boto3.client('s3', endpoint_url=a['url'], aws_access_key_id=a['access'], aws_secret_access_key=a['secret'],
                        region_name='us-east-1', config=Config(s3={'addressing_style': 'path'}, signature_version='s3v4'))

def admin(a, method, path, params):
    url = a['url'].rstrip('/') + path + '?' + urllib.parse.urlencode(params)
    req = AWSRequest(method=method, url=url, data=b'')
    S3SigV4Auth(Credentials(a['access'], a['secret']), 's3', 'us-east-1').add_auth(req)
    r = urllib.request.Request(url, method=method, headers=dict(req.headers.items()), data=b'' if method in ('PUT', 'POST') else None)
    try:
        with urllib.request.urlopen(r, timeout=30) as resp: body = resp.read()
        return resp.status, json.loads(body) if body else None
    except urllib.error.HTTPError as e:
        body = e.read()
        try: return e.code, json.loads(body)
        except ValueError: return e.code, {'Code': body.decode(errors='replace')}

def main(argv):
    if argv[:2] == ['alias', 'set']:
        _, _, name, url, access, secret = argv[:6]
        aliases = load('aliases.json', {}); aliases[name] = {'url': url, 'access': access, 'secret': secret}
        save('aliases.json', aliases); print(f'Added `{name}` successfully.'); return
    if argv[:1] == ['mb']:
        ignore = '--ignore-existing' in argv or '-p' in argv
        a, bucket = target([x for x in argv[1:] if not x.startswith('-')][0])
        try:
            s3(a).create_bucket(Bucket=bucket); print(f'Bucket created successfully `{argv[-1]}`.')
        except ClientError as e:
            if ignore and e.response['Error']['Code'] in ('BucketAlreadyOwnedByYou', 'BucketAlreadyExists'):
                print(f'Bucket `{argv[-1]}` already exists.'); return
            die(str(e))
        return
    if argv[:3] == ['anonymous', 'set', 'none']:
        a, bucket = target(argv[3]); s3(a).put_bucket_acl(Bucket=bucket, ACL='private')
        print(f'Access permission for `{argv[3]}` is set to `private`'); return
    if argv[:3] == ['admin', 'policy', 'create']:
        _, _, _, name, policy, file = argv[:6]
        alias(name)
        with open(file) as f: doc = json.load(f)
        policies = load('policies.json', {}); policies[policy] = doc; save('policies.json', policies)
        print(f'Created policy `{policy}` successfully.'); return
    if argv[:3] == ['admin', 'user', 'add']:
        a = alias(argv[3]); access, secret = argv[4], argv[5]
        status, body = admin(a, 'PUT', '/admin/user', {'uid': access, 'display-name': access, 'access-key': access, 'secret-key': secret, 'max-buckets': '-1'})
        if status == 409:  # exists: set the key again (a rotated secret takes effect)
            status, body = admin(a, 'PUT', '/admin/user', {'key': '', 'uid': access, 'access-key': access, 'secret-key': secret})
        if status != 200: die(f'admin user add: HTTP {status} {body}')
        print(f'Added user `{access}` successfully.'); return
    if argv[:3] == ['admin', 'policy', 'attach']:
        a = alias(argv[3]); policy = argv[4]
        user = argv[argv.index('--user') + 1] if '--user' in argv else die('--user is required')
        doc = load('policies.json', {}).get(policy) or die(f'no policy {policy}')
        buckets = set()
        statements = []
        for st in doc['Statement']:
            st = dict(st, Principal={'AWS': [f'arn:aws:iam:::user/{user}']})
            statements.append(st)
            for r in st['Resource']: buckets.add(r.split(':::', 1)[1].split('/', 1)[0])
        for bucket in buckets:
            s3(a).put_bucket_policy(Bucket=bucket, Policy=json.dumps({'Version': doc.get('Version', '2012-10-17'), 'Statement': statements}))
        attached = load('attached.json', {}); attached.setdefault(user, []); attached[user] = sorted(set(attached[user] + [policy])); save('attached.json', attached)
        print(f'Attached Policies: [{policy}]\nTo User: {user}'); return
    if argv[:3] == ['admin', 'user', 'info']:
        a = alias(argv[3]); user = argv[4]
        status, body = admin(a, 'GET', '/admin/user', {'uid': user})
        if status != 200: die(f'admin user info: HTTP {status} {body}')
        print(f"AccessKey: {user}\nStatus: {'disabled' if body.get('suspended') else 'enabled'}\nPolicyName: {','.join(load('attached.json', {}).get(user, []))}"); return
    if argv[:2] == ['ilm', 'rule']:
        sub, rest = argv[2], argv[3:]
        a, bucket = target([x for x in rest if '/' in x and not x.startswith('-')][-1])
        c = s3(a)
        def rules():
            try: return c.get_bucket_lifecycle_configuration(Bucket=bucket)['Rules']
            except ClientError as e:
                if e.response['Error']['Code'] == 'NoSuchLifecycleConfiguration': return []
                raise
        if sub == 'rm':
            if '--all' not in rest: die('only ilm rule rm --all is implemented')
            c.delete_bucket_lifecycle(Bucket=bucket); print('Rules for `%s` removed.' % bucket); return
        if sub == 'add':
            tags = rest[rest.index('--tags') + 1] if '--tags' in rest else None
            days = int(rest[rest.index('--expire-days') + 1])
            rule = {'ID': uuid.uuid4().hex[:20], 'Status': 'Enabled', 'Expiration': {'Days': days}}
            if tags:
                pairs = [t.split('=', 1) for t in tags.split('&')]
                rule['Filter'] = {'Tag': {'Key': pairs[0][0], 'Value': pairs[0][1]}} if len(pairs) == 1 else \
                    {'And': {'Prefix': '', 'Tags': [{'Key': k, 'Value': v} for k, v in pairs]}}
            else:
                rule['Filter'] = {'Prefix': ''}
            c.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={'Rules': rules() + [rule]})
            print(f"Lifecycle configuration rule added with ID `{rule['ID']}` to {bucket}."); return
        if sub == 'ls':
            current = rules()
            if '--json' in rest:
                print(json.dumps({'status': 'success', 'target': bucket, 'config': {'Rules': current}}, indent=1, default=str))
            else:
                for r in current:
                    print(f"ID: {r['ID']}  Status: {r['Status']}  Filter: {json.dumps(r.get('Filter'))}  Expiration: {json.dumps(r.get('Expiration'), default=str)}")
            return
    die(f"the mc stand-in does not implement: mc {' '.join(argv)}", 2)

if __name__ == '__main__':
    try: main(sys.argv[1:])
    except ClientError as e: die(str(e))
