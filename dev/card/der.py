"""Just enough DER to write the PKCS#15 files of the virtual CPS card."""


def tlv(tag, value):
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + length + value


def seq(*items):
    return tlv(0x30, b"".join(items))


def integer(v):
    b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big", signed=True)
    return tlv(0x02, b)


def octets(b):
    return tlv(0x04, bytes(b))


def utf8(s):
    return tlv(0x0C, s.encode("utf-8"))


def boolean(v):
    return tlv(0x01, b"\xff" if v else b"\x00")


def enumerated(v):
    return tlv(0x0A, integer(v)[2:])


def bits(*named):
    """A named-bit BIT STRING (DER: trailing zero bits dropped); bit 0 is the leftmost."""
    if not named:
        return tlv(0x03, b"\x00")
    top = max(named)
    nbytes = top // 8 + 1
    buf = bytearray(nbytes)
    for i in named:
        buf[i // 8] |= 0x80 >> (i % 8)
    unused = 7 - (top % 8)
    return tlv(0x03, bytes([unused]) + bytes(buf))


def ctx(n, value, constructed=True):
    return tlv((0xA0 if constructed else 0x80) | n, value)


def path(p, index=None, length=None):
    """PKCS#15 Path ::= SEQUENCE { path OCTET STRING, index INTEGER OPTIONAL, length [0] INTEGER OPTIONAL }"""
    parts = [octets(p)]
    if index is not None:
        parts.append(integer(index))
    if length is not None:
        parts.append(ctx(0, integer(length)[2:], constructed=False))
    return seq(*parts)


def der_length(buf):
    """Total length of the DER element at the start of buf (for zero-padded files)."""
    if len(buf) < 2:
        raise ValueError("short DER")
    first = buf[1]
    if first < 0x80:
        return 2 + first
    n = first & 0x7F
    return 2 + n + int.from_bytes(buf[2:2 + n], "big")
