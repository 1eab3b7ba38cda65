"""A self-signed certificate for ``kiosk serve --https`` on a hall's LAN.

Phones allow the camera only in a secure context, so the kiosk makes and keeps
a certificate (in the data directory) naming this machine's LAN addresses, and
makes a new one when the addresses change.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import ipaddress
import socket
import struct
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.secretfile import write_private

SIOCGIFADDR = 0x8915


@dataclass(frozen=True)
class Certificate:
    cert_path: Path
    key_path: Path
    fingerprint: str  # SHA-256, colon-separated hex, as browsers show it
    hosts: tuple[str, ...]


def lan_addresses() -> list[str]:
    """IPv4 addresses of this machine's interfaces (loopback first), read locally: no traffic."""
    found = ["127.0.0.1"]
    for _index, name in socket.if_nameindex():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            try:
                packed = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, struct.pack("256s", name[:15].encode()))
            except OSError:
                continue
        address = socket.inet_ntoa(packed[20:24])
        if address not in found:
            found.append(address)
    return found


def _fingerprint(cert: x509.Certificate) -> str:
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def _names_in(cert: x509.Certificate) -> set[str]:
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return {str(ip) for ip in san.get_values_for_type(x509.IPAddress)} | set(san.get_values_for_type(x509.DNSName))


def ensure_certificate(instance_path: Path) -> Certificate:
    cert_path, key_path = instance_path / "tls-cert.pem", instance_path / "tls-key.pem"
    hosts = ["localhost", socket.gethostname(), *lan_addresses()]
    if cert_path.exists() and key_path.exists():
        try:
            cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
            still_valid = cert.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
            names = _names_in(cert)
        except (ValueError, x509.ExtensionNotFound):  # damaged, or not ours: make a new one
            still_valid, names = False, set()
        if still_valid and set(hosts) <= names:
            return Certificate(cert_path, key_path, _fingerprint(cert), tuple(hosts))

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kiosk"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "kiosk (tự ký / self-signed)")])
    now = dt.datetime.now(dt.UTC)
    alt_names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            alt_names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alt_names.append(x509.DNSName(host))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=397))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    instance_path.mkdir(parents=True, exist_ok=True)
    # 600, both: the key is the server's identity; the certificate is public, but kept like everything here.
    write_private(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
    write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return Certificate(cert_path, key_path, _fingerprint(cert), tuple(hosts))
