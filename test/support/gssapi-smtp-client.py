# An SMTP client that authenticates with AUTH GSSAPI (RFC 4752) through Debian's python3-gssapi, for the relay's tests.
#
#   KRB5CCNAME=FILE:... KRB5_CONFIG=... /usr/bin/python3 gssapi-smtp-client.py --port 2525 --service smtp@relay.test \
#       [--authzid alice] [--mail-from a@x --rcpt b@y] [--source-address 127.0.0.2]
# Prints one JSON object: {"auth": "235 ...", "mail": "250 ..."} or {"auth": "535 ...", ...}, or {"error": "..."} when
# the client's own GSS-API calls fail (e.g. no valid ticket). Exit status 0 whenever it could print a result.
import argparse
import base64
import json
import smtplib
import struct
import sys

import gssapi


def reply(code, message):
    return f"{code} {message.decode('utf8', 'replace') if isinstance(message, bytes) else message}"


def authenticate(smtp, service, authzid):
    name = gssapi.Name(service, gssapi.NameType.hostbased_service)
    ctx = gssapi.SecurityContext(name=name, usage='initiate',
                                 flags=gssapi.RequirementFlag.mutual_authentication | gssapi.RequirementFlag.integrity)
    token = ctx.step()
    code, message = smtp.docmd('AUTH', 'GSSAPI ' + base64.b64encode(token).decode())
    # Context establishment: answer each 334 challenge until the context is complete.
    while code == 334 and not ctx.complete:
        token = ctx.step(base64.b64decode(message))
        code, message = smtp.docmd(base64.b64encode(token or b'').decode())
    if code != 334:
        return reply(code, message)
    # RFC 4752 section 3.1: the server's wrapped offer (4 octets: layers bitmask, max size), then our choice + authzid.
    offer = ctx.unwrap(base64.b64decode(message)).message
    if len(offer) != 4:
        return f'client: bad security-layer offer of {len(offer)} octets'
    layers = offer[0]
    if not layers & 1:
        return f'client: server offers no "no security layer" ({layers})'
    choice = struct.pack('!I', 0)
    choice = bytes([1]) + choice[1:]
    answer = ctx.wrap(choice + authzid.encode('utf8'), False).message
    code, message = smtp.docmd(base64.b64encode(answer).decode())
    return reply(code, message)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--service', required=True, help='host-based service name, e.g. smtp@relay.test')
    parser.add_argument('--authzid', default='')
    parser.add_argument('--mail-from')
    parser.add_argument('--rcpt')
    parser.add_argument('--source-address', default='127.0.0.1')
    args = parser.parse_args()
    result = {}
    smtp = smtplib.SMTP(args.host, args.port, local_hostname='client.relay.test', timeout=20,
                        source_address=(args.source_address, 0))
    try:
        smtp.ehlo()
        result['ehlo_auth'] = smtp.esmtp_features.get('auth', '')
        try:
            result['auth'] = authenticate(smtp, args.service, args.authzid)
        except gssapi.exceptions.GSSError as error:
            result['error'] = str(error)
            print(json.dumps(result))
            return
        if args.mail_from and args.rcpt:
            code, message = smtp.docmd('MAIL', f'FROM:<{args.mail_from}>')
            if code == 250:
                code, message = smtp.docmd('RCPT', f'TO:<{args.rcpt}>')
            if code == 250:
                code, message = smtp.data(b'Subject: gssapi test\r\n\r\nsent after AUTH GSSAPI\r\n')
            result['mail'] = reply(code, message)
        smtp.quit()
    except smtplib.SMTPServerDisconnected as error:
        result['disconnected'] = str(error)
    print(json.dumps(result))


if __name__ == '__main__':
    sys.exit(main())
