"""Trade reference tables: goods, customs offices, currencies, trade remedies, programmes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# The demo world is fixed in time so that two runs never depend on the clock.
REFERENCE_DATE = date(2026, 6, 30)
WINDOW_DAYS = 730
WINDOW_START = REFERENCE_DATE - timedelta(days=WINDOW_DAYS - 1)


@dataclass(frozen=True)
class Goods:
    hs6: str
    industry: str
    description: str
    unit: str
    usd_per_kg: float
    kg_per_unit: float
    weight: float

    @property
    def chapter(self) -> str:
        return self.hs6[:2]

    @property
    def usd_per_unit(self) -> float:
        return self.usd_per_kg * self.kg_per_unit

    @property
    def codes(self) -> tuple[str, ...]:
        """The national 8-digit subheadings used under this HS6."""
        return _NATIONAL_CODES[self.hs6]


def _g(hs6: str, industry: str, description: str, unit: str, per_kg: float, kg: float,
       weight: float) -> Goods:
    return Goods(hs6, industry, description, unit, per_kg, kg, weight)


GOODS = (
    _g("851713", "electronics", "Điện thoại di động thông minh", "PCE", 900, 0.2, 5),
    _g("851762", "electronics", "Thiết bị chuyển mạch, định tuyến mạng", "PCE", 250, 1.5, 3),
    _g("852852", "electronics", "Màn hình máy tính LCD", "PCE", 30, 4.5, 2),
    _g("853400", "electronics", "Mạch in", "KGM", 150, 1, 2),
    _g("854143", "electronics", "Tấm pin năng lượng mặt trời", "PCE", 5, 22, 2),
    _g("854231", "electronics", "Vi mạch tích hợp (bộ xử lý)", "PCE", 5000, 0.002, 3),
    _g("854442", "electronics", "Dây cáp điện có đầu nối", "KGM", 12, 1, 3),
    _g("850440", "electronics", "Bộ nguồn, bộ chuyển đổi tĩnh điện", "PCE", 40, 0.5, 2),
    _g("850760", "electronics", "Pin lithium-ion", "PCE", 40, 0.05, 2),
    _g("847130", "machinery", "Máy tính xách tay", "PCE", 150, 2, 3),
    _g("847330", "machinery", "Linh kiện máy tính", "KGM", 90, 1, 2),
    _g("841459", "machinery", "Quạt công nghiệp", "PCE", 12, 5, 2),
    _g("841810", "machinery", "Tủ lạnh kết hợp tủ đông", "PCE", 4, 60, 1),
    _g("842952", "machinery", "Máy đào bánh xích", "PCE", 8, 20000, 0.3),
    _g("843149", "machinery", "Bộ phận máy xây dựng", "KGM", 8, 1, 1.5),
    _g("844399", "machinery", "Linh kiện máy in", "KGM", 30, 1, 1.5),
    _g("848180", "machinery", "Van công nghiệp", "PCE", 25, 2, 2),
    _g("848210", "machinery", "Vòng bi", "PCE", 12, 0.3, 2),
    _g("840999", "machinery", "Bộ phận động cơ đốt trong", "KGM", 15, 1, 1.5),
    _g("847989", "machinery", "Máy móc chuyên dụng khác", "PCE", 20, 500, 1),
    _g("610910", "garment", "Áo phông cotton dệt kim", "PCE", 12, 0.2, 2),
    _g("611030", "garment", "Áo len sợi tổng hợp", "PCE", 15, 0.4, 1.5),
    _g("620342", "garment", "Quần dài nam bằng cotton", "PCE", 14, 0.6, 1.5),
    _g("620462", "garment", "Quần dài nữ bằng cotton", "PCE", 14, 0.5, 1.5),
    _g("621710", "garment", "Phụ kiện may mặc", "KGM", 10, 1, 1),
    _g("520512", "textile", "Sợi bông chải kỹ", "KGM", 3, 1, 2),
    _g("540752", "textile", "Vải dệt thoi polyester đã nhuộm", "MTR", 6, 0.2, 2.5),
    _g("600632", "textile", "Vải dệt kim sợi tổng hợp đã nhuộm", "KGM", 6, 1, 2),
    _g("390110", "plastics", "Hạt nhựa polyetylen (PE)", "KGM", 1.3, 1, 3),
    _g("390210", "plastics", "Hạt nhựa polypropylen (PP)", "KGM", 1.2, 1, 3),
    _g("392020", "plastics", "Màng nhựa PP", "KGM", 2.5, 1, 2),
    _g("392690", "plastics", "Sản phẩm khác bằng nhựa", "KGM", 5, 1, 2),
    _g("720839", "steel", "Thép cán nóng dạng cuộn, dày dưới 3mm", "KGM", 0.6, 1, 3),
    _g("721049", "steel", "Thép tấm mạ kẽm", "KGM", 0.8, 1, 3),
    _g("721391", "steel", "Thép dây cán nóng", "KGM", 0.6, 1, 2),
    _g("730630", "steel", "Ống thép hàn", "KGM", 0.9, 1, 2),
    _g("731815", "steel", "Bu lông, ốc vít bằng thép", "KGM", 3, 1, 2),
    _g("732393", "steel", "Đồ gia dụng bằng thép không gỉ", "KGM", 5, 1, 1.5),
    _g("760612", "aluminium", "Tấm nhôm hợp kim", "KGM", 3, 1, 2),
    _g("761090", "aluminium", "Kết cấu bằng nhôm", "KGM", 4, 1, 1),
    _g("940161", "furniture", "Ghế bọc nệm khung gỗ", "PCE", 8, 15, 1.5),
    _g("940360", "furniture", "Đồ nội thất bằng gỗ", "PCE", 4, 30, 1.5),
    _g("441239", "furniture", "Gỗ dán", "KGM", 0.6, 1, 1),
    _g("210690", "food", "Chế phẩm thực phẩm khác", "KGM", 6, 1, 2),
    _g("190590", "food", "Bánh quy ngọt", "KGM", 4, 1, 1),
    _g("080510", "fruit", "Cam tươi", "KGM", 1.2, 1, 1.5),
    _g("080810", "fruit", "Táo tươi", "KGM", 1.3, 1, 2),
    _g("080610", "fruit", "Nho tươi", "KGM", 2.5, 1, 1.5),
    _g("030617", "seafood", "Tôm đông lạnh", "KGM", 9, 1, 1.5),
    _g("030389", "seafood", "Cá đông lạnh", "KGM", 3, 1, 1.5),
    _g("870899", "auto", "Phụ tùng ô tô", "KGM", 8, 1, 2.5),
    _g("870323", "auto", "Ô tô con dung tích 1500-3000cc", "PCE", 15, 1400, 0.5),
    _g("871120", "auto", "Xe mô tô dung tích 50-250cc", "PCE", 10, 120, 0.5),
    _g("401110", "auto", "Lốp xe ô tô con", "PCE", 4, 9, 1.5),
    _g("300490", "pharma", "Thuốc đã đóng gói theo liều", "KGM", 60, 1, 2),
    _g("300241", "pharma", "Vắc xin dùng cho người", "KGM", 800, 1, 0.5),
    _g("330499", "cosmetics", "Mỹ phẩm chăm sóc da", "KGM", 25, 1, 2),
    _g("330510", "cosmetics", "Dầu gội đầu", "KGM", 5, 1, 1),
    _g("950300", "toys", "Đồ chơi trẻ em", "KGM", 8, 1, 2),
    _g("640399", "footwear", "Giày có mũ bằng da thuộc", "PR", 20, 0.8, 1.5),
    _g("640411", "footwear", "Giày thể thao", "PR", 15, 0.6, 1.5),
    _g("901890", "medical", "Dụng cụ y tế", "KGM", 100, 1, 1.5),
    _g("901819", "medical", "Máy theo dõi bệnh nhân", "PCE", 200, 5, 0.5),
)
GOODS_BY_HS6 = {g.hs6: g for g in GOODS}
_NATIONAL_CODES = {g.hs6: (g.hs6 + "00",) if g.hs6[-1] in "09" else (g.hs6 + "10", g.hs6 + "90")
                   for g in GOODS}
GOODS_BY_INDUSTRY: dict[str, tuple[Goods, ...]] = {}
for _goods in GOODS:
    GOODS_BY_INDUSTRY[_goods.industry] = GOODS_BY_INDUSTRY.get(_goods.industry, ()) + (_goods,)
GOODS_BY_INDUSTRY["trading"] = tuple(
    g for g in GOODS if g.industry in ("electronics", "garment", "toys", "plastics", "cosmetics")
)
INDUSTRIES = tuple(k for k in GOODS_BY_INDUSTRY if k != "trading")
# How often a general trader deals in each industry: machinery and electronics lead imports.
INDUSTRY_WEIGHTS = {
    "electronics": 6.0, "machinery": 5.0, "plastics": 3.0, "steel": 3.0, "textile": 3.0,
    "garment": 2.0, "auto": 2.0, "furniture": 1.5, "food": 1.5, "cosmetics": 1.5,
    "aluminium": 1.0, "fruit": 1.0, "seafood": 1.0, "pharma": 1.0, "toys": 1.0,
    "footwear": 1.0, "medical": 1.0,
}


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    mode: str
    region: str


OFFICES = (
    Office("02CI", "Chi cục HQ CK cảng Sài Gòn KV1 (Cát Lái)", "sea", "south"),
    Office("02CX", "Chi cục HQ CK cảng Hiệp Phước", "sea", "south"),
    Office("02B1", "Chi cục HQ CK sân bay Tân Sơn Nhất", "air", "south"),
    Office("02PJ", "Chi cục HQ Bưu điện TP.HCM", "post", "south"),
    Office("43IH", "Chi cục HQ ICD Sóng Thần", "sea", "south"),
    Office("47NM", "Chi cục HQ Nhơn Trạch", "sea", "south"),
    Office("03CC", "Chi cục HQ CK cảng Hải Phòng KV1", "sea", "north"),
    Office("03EE", "Chi cục HQ CK cảng Hải Phòng KV3", "sea", "north"),
    Office("01B1", "Chi cục HQ CK sân bay Nội Bài", "air", "north"),
    Office("01PR", "Chi cục HQ Bưu điện Hà Nội", "post", "north"),
    Office("15BB", "Chi cục HQ CK Hữu Nghị", "road", "north"),
    Office("15SI", "Chi cục HQ Ga Đồng Đăng", "rail", "north"),
    Office("34CE", "Chi cục HQ CK cảng Đà Nẵng", "sea", "central"),
    Office("34AB", "Chi cục HQ sân bay Đà Nẵng", "air", "central"),
)


def offices(region: str, mode: str) -> tuple[Office, ...]:
    found = tuple(o for o in OFFICES if o.region == region and o.mode == mode)
    return found or tuple(o for o in OFFICES if o.region == "south" and o.mode == mode)


FX_USD_PER_UNIT = {
    "USD": 1.0, "EUR": 1.08, "CNY": 0.138, "JPY": 0.0066, "KRW": 0.00073, "VND": 0.0000395,
    "THB": 0.028, "HKD": 0.128, "SGD": 0.74, "AUD": 0.66, "GBP": 1.27,
}
# Currencies whose customs values carry no decimals.
WHOLE_CURRENCIES = frozenset({"JPY", "KRW", "VND"})

TRADE_REMEDIES = (
    ("CN", "72", "anti-dumping: hot-rolled and galvanised steel"),
    ("CN", "73", "anti-dumping: welded steel pipes"),
    ("CN", "76", "anti-dumping: aluminium profiles and sheets"),
    ("CN", "39", "anti-dumping: polypropylene film"),
    ("KR", "72", "anti-dumping: cold-rolled stainless steel"),
    ("TW", "72", "anti-dumping: cold-rolled stainless steel"),
    ("CN", "94", "countervailing: wooden furniture"),
    ("IN", "72", "safeguard: steel wire rod"),
)
REMEDY_PAIRS = frozenset((c, ch) for c, ch, _ in TRADE_REMEDIES)

PROCEDURES = (("A11", 0.62), ("A12", 0.1), ("E31", 0.16), ("A41", 0.12))

VESSELS = (
    "MAERSK SALINA", "WAN HAI 305", "ONE HARMONY", "CMA CGM TAGE", "COSCO SHIPPING VIRGO",
    "KMTC HOCHIMINH", "SITC HAIPHONG", "HYUNDAI SINGAPORE", "OOCL QINGDAO", "YM WELLNESS",
    "EVER LUCENT", "INTERASIA ADVANCE", "TS KEELUNG", "HEUNG-A XIAMEN", "GREEN PACIFIC",
)
CONTAINER_OWNERS = ("MSKU", "WHLU", "ONEU", "CMAU", "CSNU", "KMTU", "SITU", "HDMU", "OOLU",
                    "YMLU", "TGHU", "TCLU", "EGHU", "TEMU")
AIRLINES = ("VN", "CX", "KE", "OZ", "CI", "SQ", "CZ", "MU", "JL", "NH", "LH", "TG")

PROGRAMS = {
    "KP": ("UN-1718", "OFAC-SDN"),
    "RU": ("EU-RUS", "OFAC-SDN", "UK-RUS"),
    "BY": ("EU-BLR", "OFAC-SDN"),
    "IR": ("OFAC-SDN", "EU-IRAN"),
    "SY": ("EU-SYR", "OFAC-SDN"),
    "CN": ("OFAC-SDN",),
    "HK": ("OFAC-SDN", "UN-1718"),
    "AE": ("OFAC-SDN", "EU-RUS"),
    "VN": ("OFAC-SDN",),
}
LISTING_REASONS = (
    "Procurement of dual-use goods for a designated programme",
    "Evasion of sanctions through front companies",
    "Transshipment of controlled electronics",
    "Owned or controlled by a designated person",
    "Shipping agent for a designated vessel",
    "Financial facilitation for a designated entity",
)

CASE_OFFENCES = {
    "misclassification": "Khai sai mã số hàng hóa",
    "undervaluation": "Khai sai trị giá hải quan",
    "false-origin": "Khai sai xuất xứ hàng hóa",
    "counterfeit": "Hàng giả mạo nhãn hiệu",
    "smuggling": "Buôn lậu, vận chuyển trái phép hàng hóa qua biên giới",
    "prohibited-goods": "Nhập khẩu hàng cấm",
    "document-fraud": "Sử dụng chứng từ giả",
}
SMUGGLED_GOODS = (
    ("240220", "Thuốc lá điếu nhập lậu"), ("170199", "Đường kính nhập lậu"),
    ("360410", "Pháo hoa"), ("710813", "Vàng miếng"), ("300490", "Tân dược không rõ nguồn gốc"),
    ("851713", "Điện thoại di động đã qua sử dụng"), ("020712", "Gà đông lạnh không kiểm dịch"),
)
