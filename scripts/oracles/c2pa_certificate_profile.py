#!/usr/bin/env python3
"""Which signing certificates c2pa-rs accepts: its end-entity certificate profile (C2PA §14.5), as
c2pa-python 0.38.1 (c2pa-rs 0.91.3) applies it when asked to sign with one.

Makes a throw-away root and, for each variant, a leaf that breaks one rule of the profile (or keeps
them all), tries to sign a small JPEG with it, and records whether c2pa-rs accepted the certificate.
Writes Tests/Fixtures/c2pa/profile/<variant>.pem (the leaf, then the root) and expected.json.

Run from the repository root:  python3 scripts/oracles/c2pa_certificate_profile.py
Needs: c2pa-python==0.38.1, cryptography, pillow (scripts/install-deps.sh oracles).
"""
import json
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from c2pa_validation import NOT_AFTER, NOT_BEFORE, make_root, sign, tiny_jpeg  # noqa: E402

OUT = "Tests/Fixtures/c2pa/profile"
EMAIL, ANY = ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
C2PA_CLAIM_SIGNING = ObjectIdentifier("1.3.6.1.4.1.62558.2.1")

# name: (extended key usages or None, with authority key id, leaf is a CA, digitalSignature key usage, key)
VARIANTS = {
    "good-email": ([EMAIL], True, False, True, "p256"),
        "good-ocsp-signing": ([ExtendedKeyUsageOID.OCSP_SIGNING], True, False, True, "p256"),
    "good-rsa-2048": ([EMAIL], True, False, True, "rsa2048"),
    "no-eku": (None, True, False, True, "p256"),
    "any-eku": ([ANY], True, False, True, "p256"),
    "server-auth-eku": ([ExtendedKeyUsageOID.SERVER_AUTH], True, False, True, "p256"),
    "document-signing-eku": ([DOCUMENT_SIGNING], True, False, True, "p256"),
    "c2pa-claim-signing-eku": ([C2PA_CLAIM_SIGNING], True, False, True, "p256"),
    "time-stamping-with-email-eku": ([ExtendedKeyUsageOID.TIME_STAMPING, EMAIL], True, False, True, "p256"),
    "no-authority-key-id": ([EMAIL], False, False, True, "p256"),
    "leaf-is-ca": ([EMAIL], True, True, True, "p256"),
    "no-key-usage": ([EMAIL], True, False, False, "p256"),
    "rsa-1024": ([EMAIL], True, False, True, "rsa1024"),
}


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def main():
    os.makedirs(OUT, exist_ok=True)
    root_key, root_name, root = make_root("CAMO Profile Root CA")
    expected = {}
    for serial, (name, (ekus, aki, leaf_ca, key_usage, kind)) in enumerate(VARIANTS.items(), start=2):
        key = (ec.generate_private_key(ec.SECP256R1()) if kind == "p256" else
               rsa.generate_private_key(public_exponent=65537, key_size=int(kind[3:])))
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"CAMO Profile {name}"),
                             x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CAMO Test")])
        builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(root_name).public_key(key.public_key())
                   .serial_number(serial).not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
                   .add_extension(x509.BasicConstraints(ca=leaf_ca, path_length=None), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
        if key_usage:
            builder = builder.add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        if ekus:
            builder = builder.add_extension(x509.ExtendedKeyUsage(ekus), critical=False)
        if aki:
            builder = builder.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        leaf = builder.sign(root_key, hashes.SHA256())
        chain = pem(leaf) + pem(root)
        private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        try:
            sign(tiny_jpeg(serial), "image/jpeg", "es256" if kind == "p256" else "ps256", chain, private)
            expected[name] = "accepted"
        except Exception as error:  # c2pa-rs refuses to sign with, or to validate, a certificate outside its profile
            expected[name] = "rejected"
            print(f"{name}: {' '.join(str(error).split())[:160]}")
        with open(f"{OUT}/{name}.pem", "wb") as handle:
            handle.write(chain)
    with open(f"{OUT}/expected.json", "w") as handle:
        json.dump(expected, handle, indent=1, sort_keys=True)
        handle.write("\n")
    print(json.dumps(expected, indent=1))


if __name__ == "__main__":
    main()
