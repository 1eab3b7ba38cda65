import qrcode
import zxingcpp
from PIL import Image

from kiosk.badges import qr, token


def matrix_from_runs(code: qr.QrCode) -> list[list[bool]]:
    cells = [[False] * code.modules for _ in range(code.modules)]
    for row, column, length in code.runs:
        for offset in range(length):
            cells[row][column + offset] = True
    return cells


def test_runs_are_exactly_the_dark_modules_with_a_quiet_zone():
    data = token.sign(b"q" * 32, event_id=1, attendee_id=42, version=1)
    code = qr.encode(data)
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_H, border=4)
    reference.add_data(data)
    reference.make(fit=True)
    assert matrix_from_runs(code) == reference.get_matrix()
    assert all(column >= 4 and column + length <= code.modules - 4 for _, column, length in code.runs)
    assert all(4 <= row < code.modules - 4 for row, _, _ in code.runs)


def test_typical_token_is_a_version_3_symbol_at_level_h():
    data = token.sign(b"q" * 32, event_id=1, attendee_id=1234, version=3)
    code = qr.encode(data)
    assert code.modules == 29 + 2 * qr.QUIET_ZONE_MODULES  # version 3 is 29 × 29
    image = Image.new("1", (code.modules * 8, code.modules * 8), 1)
    for row, column, length in code.runs:
        image.paste(0, (column * 8, row * 8, (column + length) * 8, (row + 1) * 8))
    (result,) = zxingcpp.read_barcodes(image)
    assert result.text == data and result.ec_level == "H"


def test_longest_possible_token_fits_max_modules():
    longest = token.sign(b"q" * 32, event_id=token.MAX_ID, attendee_id=token.MAX_ID, version=token.MAX_ID)
    assert len(longest) == token.MAX_TOKEN_LENGTH
    assert qr.encode(longest).modules == qr.MAX_MODULES
