"""Bytes written into a QR code: decimal digits (used) or Base45 (RFC 9285, for comparison).

Digits are QR numeric mode, 3⅓ bits a digit, about 8.03 bits per byte; Base45 is QR
alphanumeric mode at about 8.25 bits per byte, and its space and "%" are not safe in a URL
fragment. Digits are the whole payload read as one big-endian number, so they need a first
byte that is not zero (a tagged COSE_Sign1 starts with 0xD2).
"""

BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def to_digits(data: bytes) -> str:
    if not data or data[0] == 0:
        raise ValueError("the first byte must not be zero")
    return str(int.from_bytes(data, "big"))


def from_digits(text: str) -> bytes:
    if not text.isascii() or not text.isdigit() or text[0] == "0" or len(text) > 4000:
        raise ValueError("not a digit payload")
    number = int(text)
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data), 2):
        chunk = data[i : i + 2]
        if len(chunk) == 2:
            n = chunk[0] * 256 + chunk[1]
            out += [BASE45[n % 45], BASE45[n // 45 % 45], BASE45[n // 2025]]
        else:
            out += [BASE45[chunk[0] % 45], BASE45[chunk[0] // 45]]
    return "".join(out)


def b45decode(text: str) -> bytes:
    try:
        values = [BASE45.index(c) for c in text]
    except ValueError:
        raise ValueError("not Base45") from None
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i : i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 2025
            if n > 0xFFFF:
                raise ValueError("not Base45")
            out += n.to_bytes(2, "big")
        elif len(chunk) == 2:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise ValueError("not Base45")
            out.append(n)
        else:
            raise ValueError("not Base45")
    return bytes(out)
