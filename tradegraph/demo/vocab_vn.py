"""Vietnamese vocabulary: company name parts, legal forms, places and personal names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LegalForm:
    key: str
    vi: str
    vi_alt: tuple[str, ...]
    en: tuple[str, ...]
    short_en: str
    weight: float


LEGAL_FORMS = (
    LegalForm(
        "tnhh", "Công ty TNHH", ("Cty TNHH", "Công ty Trách nhiệm hữu hạn"),
        ("Co., Ltd", "Company Limited", "Co.,Ltd.", "Limited Liability Company"), "CO., LTD", 0.55,
    ),
    LegalForm(
        "tnhh_mtv", "Công ty TNHH MTV", ("Cty TNHH MTV", "Công ty TNHH Một thành viên"),
        ("One Member Co., Ltd", "Co., Ltd", "One Member Limited Liability Company"),
        "CO., LTD", 0.15,
    ),
    LegalForm(
        "cp", "Công ty Cổ phần", ("CTCP", "Cty CP", "Công ty CP"),
        ("JSC", "Joint Stock Company", "Corporation", "Corp."), "JSC", 0.25,
    ),
    LegalForm(
        "dntn", "Doanh nghiệp tư nhân", ("DNTN",), ("Private Enterprise", "Enterprise"), "PE", 0.05,
    ),
)


@dataclass(frozen=True)
class Sector:
    vi: str
    abbr: str
    en: str
    industries: tuple[str, ...]  # empty: general trading, industries picked per company


SECTORS = (
    Sector("Thương mại", "TM", "Trading", ()),
    Sector("Thương mại Dịch vụ", "TMDV", "Trading Services", ()),
    Sector("Xuất nhập khẩu", "XNK", "Import Export", ()),
    Sector("Sản xuất và Thương mại", "SX&TM", "Manufacturing and Trading", ()),
    Sector("Đầu tư Thương mại", "ĐTTM", "Investment Trading", ()),
    Sector("Thiết bị Điện tử", "TBĐT", "Electronic Equipment", ("electronics",)),
    Sector("Công nghệ", "CN", "Technology", ("electronics", "machinery")),
    Sector("Máy móc Thiết bị", "MMTB", "Machinery and Equipment", ("machinery",)),
    Sector("May mặc", "MM", "Garment", ("garment", "textile")),
    Sector("Dệt may", "DM", "Textile", ("textile", "garment")),
    Sector("Nhựa", "Nhựa", "Plastics", ("plastics",)),
    Sector("Thép", "Thép", "Steel", ("steel",)),
    Sector("Kim khí", "KK", "Metal", ("steel", "aluminium")),
    Sector("Nội thất", "NT", "Furniture", ("furniture",)),
    Sector("Thực phẩm", "TP", "Food", ("food", "fruit")),
    Sector("Thủy sản", "TS", "Seafood", ("seafood",)),
    Sector("Nông sản", "NS", "Agricultural Products", ("fruit",)),
    Sector("Phụ tùng Ô tô", "PTOT", "Auto Parts", ("auto",)),
    Sector("Dược phẩm", "DP", "Pharmaceutical", ("pharma",)),
    Sector("Mỹ phẩm", "MP", "Cosmetics", ("cosmetics",)),
    Sector("Đồ chơi", "ĐC", "Toys", ("toys",)),
    Sector("Giày dép", "GD", "Footwear", ("footwear",)),
    Sector("Thiết bị Y tế", "TBYT", "Medical Equipment", ("medical",)),
    Sector("Vật liệu Xây dựng", "VLXD", "Construction Materials", ("steel", "aluminium")),
)

BROKER_SECTORS = (
    Sector("Giao nhận Vận tải", "GNVT", "Forwarding and Transport", ()),
    Sector("Dịch vụ Hải quan", "DVHQ", "Customs Services", ()),
    Sector("Logistics", "Logistics", "Logistics", ()),
    Sector("Tiếp vận", "TV", "Logistics Services", ()),
)

BRAND_SYLLABLES = (
    "Minh", "Hoàng", "An", "Thành", "Phú", "Việt", "Đại", "Tân", "Hưng", "Thịnh", "Phát",
    "Long", "Nam", "Bảo", "Kim", "Sao", "Trường", "Hải", "Quang", "Đông", "Tiến", "Hòa",
    "Gia", "Thiên", "Vĩnh", "Hồng", "Ngọc", "Phúc", "Khang", "Sơn", "Nhật", "Tuấn", "Lộc",
    "Tài", "Đức", "Trí", "Thái", "Bình", "Hà", "Vạn", "Huy", "Đạt", "Cường", "Uy", "Tín",
    "Lợi", "Mạnh", "Kiến", "Á", "Âu", "Nguyên", "Thuận", "Hiệp", "Toàn", "Vinh", "Quý",
)


@dataclass(frozen=True)
class District:
    name: str  # "Quận 1", "Quận Tân Bình", "Huyện Gia Lâm", "Thành phố Thủ Đức"
    wards: tuple[str, ...]


@dataclass(frozen=True)
class VnCity:
    key: str
    official: str
    short: str
    abbr: str
    english: str
    area_code: str
    tax_prefix: str
    id_prefix: str
    postcode: str
    region: str
    weight: float
    districts: tuple[District, ...]
    streets: tuple[str, ...]
    parks: tuple[str, ...] = ()


def _d(name: str, *wards: str) -> District:
    return District(name, wards)


VN_CITIES = (
    VnCity(
        "hcm", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "TP.HCM", "Ho Chi Minh City", "28", "03",
        "079", "700000", "south", 0.38,
        (
            _d("Quận 1", "Phường Bến Nghé", "Phường Bến Thành", "Phường Đa Kao", "Phường Tân Định",
               "Phường Cầu Ông Lãnh", "Phường Nguyễn Thái Bình"),
            _d("Quận 3", "Phường 5", "Phường 6", "Phường 7", "Phường Võ Thị Sáu"),
            _d("Quận 5", "Phường 2", "Phường 8", "Phường 11", "Phường 14"),
            _d("Quận 7", "Phường Tân Phong", "Phường Tân Phú", "Phường Tân Thuận Đông"),
            _d("Quận 10", "Phường 12", "Phường 14", "Phường 15"),
            _d("Quận Tân Bình", "Phường 2", "Phường 4", "Phường 12", "Phường 13"),
            _d("Quận Bình Thạnh", "Phường 15", "Phường 22", "Phường 25"),
            _d("Quận Phú Nhuận", "Phường 7", "Phường 9", "Phường 10"),
            _d("Quận Gò Vấp", "Phường 5", "Phường 10", "Phường 17"),
            _d("Quận Tân Phú", "Phường Tân Sơn Nhì", "Phường Tây Thạnh", "Phường Sơn Kỳ"),
            _d("Thành phố Thủ Đức", "Phường Thảo Điền", "Phường An Phú", "Phường Linh Trung"),
            _d("Quận 12", "Phường Tân Chánh Hiệp", "Phường Đông Hưng Thuận"),
        ),
        (
            "Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Điện Biên Phủ", "Cách Mạng Tháng Tám",
            "Nguyễn Thị Minh Khai", "Võ Văn Tần", "Lý Thường Kiệt", "Trường Chinh", "Cộng Hòa",
            "Hoàng Văn Thụ", "Nguyễn Văn Linh", "Phan Xích Long", "Xô Viết Nghệ Tĩnh",
            "Nguyễn Oanh", "Quang Trung", "Tô Hiến Thành", "3 Tháng 2", "Nguyễn Trãi",
            "Pasteur", "Nam Kỳ Khởi Nghĩa", "Trần Hưng Đạo", "Lạc Long Quân", "Âu Cơ",
            "Nguyễn Văn Trỗi", "Bạch Đằng", "Phạm Văn Đồng", "Lê Văn Sỹ", "Huỳnh Tấn Phát",
        ),
        ("Khu chế xuất Tân Thuận", "Khu công nghiệp Tân Bình"),
    ),
    VnCity(
        "hn", "Thành phố Hà Nội", "Hà Nội", "TP. Hà Nội", "Hanoi", "24", "01", "001", "100000",
        "north", 0.3,
        (
            _d("Quận Hoàn Kiếm", "Phường Tràng Tiền", "Phường Hàng Bài", "Phường Lý Thái Tổ"),
            _d("Quận Ba Đình", "Phường Kim Mã", "Phường Ngọc Hà", "Phường Liễu Giai"),
            _d("Quận Đống Đa", "Phường Láng Hạ", "Phường Ô Chợ Dừa", "Phường Văn Chương"),
            _d("Quận Cầu Giấy", "Phường Dịch Vọng", "Phường Trung Hòa", "Phường Yên Hòa"),
            _d("Quận Hai Bà Trưng", "Phường Bạch Đằng", "Phường Minh Khai", "Phường Lê Đại Hành"),
            _d("Quận Thanh Xuân", "Phường Nhân Chính", "Phường Khương Trung"),
            _d("Quận Long Biên", "Phường Ngọc Lâm", "Phường Gia Thụy"),
            _d("Quận Hoàng Mai", "Phường Định Công", "Phường Hoàng Liệt"),
            _d("Quận Nam Từ Liêm", "Phường Mỹ Đình 1", "Phường Mễ Trì"),
            _d("Huyện Gia Lâm", "Thị trấn Trâu Quỳ", "Xã Kiêu Kỵ"),
        ),
        (
            "Tràng Tiền", "Hàng Bài", "Kim Mã", "Láng Hạ", "Xã Đàn", "Nguyễn Chí Thanh",
            "Cầu Giấy", "Trần Duy Hưng", "Giải Phóng", "Phạm Văn Đồng", "Nguyễn Văn Cừ",
            "Lê Văn Lương", "Tây Sơn", "Hoàng Quốc Việt", "Nguyễn Trãi", "Bà Triệu",
            "Lò Đúc", "Minh Khai", "Trường Chinh", "Xuân Thủy", "Đội Cấn", "Nguyễn Văn Huyên",
        ),
        ("Khu công nghiệp Thăng Long", "Khu công nghiệp Quang Minh"),
    ),
    VnCity(
        "hp", "Thành phố Hải Phòng", "Hải Phòng", "TP. Hải Phòng", "Haiphong", "225", "02",
        "031", "180000", "north", 0.08,
        (
            _d("Quận Ngô Quyền", "Phường Máy Tơ", "Phường Lạch Tray", "Phường Đằng Giang"),
            _d("Quận Lê Chân", "Phường An Biên", "Phường Dư Hàng Kênh"),
            _d("Quận Hải An", "Phường Đông Hải 1", "Phường Cát Bi"),
            _d("Quận Hồng Bàng", "Phường Hoàng Văn Thụ", "Phường Minh Khai"),
        ),
        ("Lạch Tray", "Lê Hồng Phong", "Điện Biên Phủ", "Trần Phú", "Văn Cao", "Lê Thánh Tông",
         "Đà Nẵng", "Nguyễn Văn Linh", "Ngô Quyền"),
        ("Khu công nghiệp Đình Vũ", "Khu công nghiệp Nomura"),
    ),
    VnCity(
        "dn", "Thành phố Đà Nẵng", "Đà Nẵng", "TP. Đà Nẵng", "Da Nang", "236", "04", "048",
        "550000", "central", 0.06,
        (
            _d("Quận Hải Châu", "Phường Thạch Thang", "Phường Hải Châu 1", "Phường Bình Hiên"),
            _d("Quận Sơn Trà", "Phường An Hải Bắc", "Phường Phước Mỹ"),
            _d("Quận Thanh Khê", "Phường Thạc Gián", "Phường Chính Gián"),
            _d("Quận Liên Chiểu", "Phường Hòa Khánh Bắc", "Phường Hòa Minh"),
        ),
        ("Bạch Đằng", "Lê Duẩn", "Hùng Vương", "Ngô Quyền", "Nguyễn Văn Linh", "Điện Biên Phủ",
         "Trần Phú", "Hoàng Diệu"),
        ("Khu công nghiệp Hòa Khánh",),
    ),
    VnCity(
        "bd", "Tỉnh Bình Dương", "Bình Dương", "Bình Dương", "Binh Duong", "274", "37", "074",
        "820000", "south", 0.07,
        (
            _d("Thành phố Thủ Dầu Một", "Phường Phú Cường", "Phường Hiệp Thành", "Phường Phú Hòa"),
            _d("Thành phố Dĩ An", "Phường Dĩ An", "Phường Tân Đông Hiệp"),
            _d("Thành phố Thuận An", "Phường Lái Thiêu", "Phường Bình Hòa"),
        ),
        ("Đại lộ Bình Dương", "Nguyễn Văn Tiết", "Yersin", "Cách Mạng Tháng Tám", "Phú Lợi"),
        ("Khu công nghiệp VSIP", "Khu công nghiệp Sóng Thần", "Khu công nghiệp Mỹ Phước"),
    ),
    VnCity(
        "dni", "Tỉnh Đồng Nai", "Đồng Nai", "Đồng Nai", "Dong Nai", "251", "36", "075", "810000",
        "south", 0.05,
        (
            _d("Thành phố Biên Hòa", "Phường Tân Phong", "Phường Quyết Thắng", "Phường Long Bình"),
            _d("Huyện Nhơn Trạch", "Xã Hiệp Phước", "Xã Phú Hội"),
        ),
        ("Phạm Văn Thuận", "Đồng Khởi", "Võ Thị Sáu", "Nguyễn Ái Quốc", "Quốc lộ 51"),
        ("Khu công nghiệp Amata", "Khu công nghiệp Biên Hòa 2", "Khu công nghiệp Nhơn Trạch 3"),
    ),
    VnCity(
        "bn", "Tỉnh Bắc Ninh", "Bắc Ninh", "Bắc Ninh", "Bac Ninh", "222", "23", "027", "790000",
        "north", 0.04,
        (
            _d("Thành phố Bắc Ninh", "Phường Suối Hoa", "Phường Võ Cường", "Phường Kinh Bắc"),
            _d("Thành phố Từ Sơn", "Phường Đông Ngàn", "Phường Đình Bảng"),
            _d("Huyện Quế Võ", "Xã Phương Liễu", "Thị trấn Phố Mới"),
        ),
        ("Lý Thái Tổ", "Nguyễn Văn Cừ", "Ngô Gia Tự", "Trần Hưng Đạo", "Lý Công Uẩn"),
        ("Khu công nghiệp Quế Võ", "Khu công nghiệp Yên Phong", "Khu công nghiệp Tiên Sơn"),
    ),
    VnCity(
        "ls", "Tỉnh Lạng Sơn", "Lạng Sơn", "Lạng Sơn", "Lang Son", "205", "49", "020", "240000",
        "north", 0.02,
        (
            _d("Thành phố Lạng Sơn", "Phường Vĩnh Trại", "Phường Chi Lăng", "Phường Hoàng Văn Thụ"),
            _d("Huyện Cao Lộc", "Thị trấn Đồng Đăng", "Xã Tân Thanh"),
        ),
        ("Bà Triệu", "Trần Đăng Ninh", "Lê Lợi", "Bắc Sơn", "Tam Thanh"),
    ),
)

SURNAMES = (
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 3.0),
    ("Huỳnh", 2.5), ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 2.0), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Trương", 0.8),
    ("Đinh", 0.7), ("Mai", 0.5), ("Lâm", 0.5), ("Tạ", 0.3), ("Cao", 0.4), ("Hà", 0.4),
)
MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Xuân", "Thanh", "Quang", "Văn",
               "Ngọc", "Tuấn", "Hoàng", "Anh")
MIDDLE_FEMALE = ("Thị", "Thị Thu", "Thị Ngọc", "Ngọc", "Thu", "Thanh", "Thị Thanh", "Thị",
                 "Thị Mai", "Kim", "Bích", "Thị Hồng")
GIVEN_MALE = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh",
    "Long", "Minh", "Nam", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Trung",
    "Tuấn", "Việt", "Vinh", "Toàn", "Kiên", "Lâm", "Hưng", "Tâm", "Duy", "Khoa", "Nghĩa",
)
GIVEN_FEMALE = (
    "Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Liên",
    "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo",
    "Trang", "Tuyết", "Vân", "Yến", "Thủy", "Hiền", "Huyền", "Trinh",
)

EMAIL_LOCALS = ("info", "sales", "contact", "ketoan", "xnk", "admin", "office", "kinhdoanh")
FREE_MAIL = ("gmail.com", "yahoo.com", "hotmail.com", "gmail.com", "outlook.com")
