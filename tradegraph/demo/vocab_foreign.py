"""Foreign vocabulary: supplier countries, company name parts, addresses and personal names."""

from __future__ import annotations

from dataclasses import dataclass

INDUSTRY_EN = {
    "electronics": "Electronics", "machinery": "Machinery", "garment": "Garment",
    "textile": "Textile", "plastics": "Plastics", "steel": "Steel", "aluminium": "Aluminium",
    "furniture": "Furniture", "food": "Foods", "seafood": "Seafood", "fruit": "Fruits",
    "auto": "Auto Parts", "pharma": "Pharmaceutical", "cosmetics": "Cosmetics", "toys": "Toys",
    "footwear": "Footwear", "medical": "Medical", "trading": "Trading",
}

CN_INDUSTRY = {
    "electronics": ("电子", "Dianzi"), "machinery": ("机械", "Jixie"),
    "garment": ("服装", "Fuzhuang"), "textile": ("纺织", "Fangzhi"), "plastics": ("塑料", "Suliao"),
    "steel": ("钢铁", "Gangtie"), "aluminium": ("铝业", "Lüye"), "furniture": ("家具", "Jiaju"),
    "food": ("食品", "Shipin"), "seafood": ("水产", "Shuichan"), "fruit": ("果业", "Guoye"),
    "auto": ("汽车配件", "Qiche Peijian"), "pharma": ("医药", "Yiyao"),
    "cosmetics": ("化妆品", "Huazhuangpin"), "toys": ("玩具", "Wanju"),
    "footwear": ("鞋业", "Xieye"), "medical": ("医疗器械", "Yiliao Qixie"),
    "trading": ("贸易", "Maoyi"),
}
JP_INDUSTRY = {
    "electronics": "Denki", "machinery": "Seiki", "steel": "Kogyo", "plastics": "Kasei",
    "trading": "Shoji", "auto": "Jidosha Buhin", "medical": "Iryo Kiki",
}
DE_INDUSTRY = {
    "machinery": "Maschinenbau", "electronics": "Elektrotechnik", "pharma": "Pharma",
    "auto": "Fahrzeugteile", "plastics": "Kunststofftechnik", "steel": "Stahlhandel",
    "medical": "Medizintechnik", "cosmetics": "Kosmetik", "trading": "Handelsgesellschaft",
}

CN_CITIES = (
    ("深圳", "Shenzhen", "Guangdong"), ("广州", "Guangzhou", "Guangdong"),
    ("东莞", "Dongguan", "Guangdong"), ("佛山", "Foshan", "Guangdong"),
    ("宁波", "Ningbo", "Zhejiang"), ("义乌", "Yiwu", "Zhejiang"), ("上海", "Shanghai", "Shanghai"),
    ("厦门", "Xiamen", "Fujian"), ("青岛", "Qingdao", "Shandong"), ("天津", "Tianjin", "Tianjin"),
    ("苏州", "Suzhou", "Jiangsu"), ("南宁", "Nanning", "Guangxi"), ("昆明", "Kunming", "Yunnan"),
)
CN_BRANDS = (
    ("华联", "Hualian"), ("鑫达", "Xinda"), ("宏发", "Hongfa"), ("永盛", "Yongsheng"),
    ("金诚", "Jincheng"), ("天成", "Tiancheng"), ("瑞丰", "Ruifeng"), ("恒通", "Hengtong"),
    ("新源", "Xinyuan"), ("海利", "Haili"), ("佳美", "Jiamei"), ("盛世", "Shengshi"),
    ("明辉", "Minghui"), ("广源", "Guangyuan"), ("博远", "Boyuan"), ("华泰", "Huatai"),
    ("龙腾", "Longteng"), ("富达", "Fuda"), ("振华", "Zhenhua"), ("东升", "Dongsheng"),
    ("祥和", "Xianghe"), ("德隆", "Delong"), ("嘉信", "Jiaxin"), ("荣昌", "Rongchang"),
    ("金马", "Jinma"), ("宝利", "Baoli"), ("鸿运", "Hongyun"), ("联创", "Lianchuang"),
    ("汇通", "Huitong"), ("百川", "Baichuan"), ("锦华", "Jinhua"), ("泰丰", "Taifeng"),
    ("大洋", "Dayang"), ("新亚", "Xinya"), ("永兴", "Yongxing"), ("金源", "Jinyuan"),
    ("创维达", "Chuangweida"), ("众诚", "Zhongcheng"), ("安达", "Anda"),
)
CN_STREETS = ("Shennan Road", "Huaqiang North Road", "Binhe Avenue", "Zhongshan Road",
              "Renmin Road", "Jiefang Road", "Industrial Avenue", "Science Park Road",
              "Nanhai Avenue", "Gongye Road", "Xinhua Road", "Jinqiao Road")
CN_DISTRICTS = ("Futian", "Nanshan", "Baoan", "Longgang", "Haishu", "Yinzhou", "Huli",
                "Chengyang", "Huangpu", "Nanhai")


@dataclass(frozen=True)
class ForeignCountry:
    code: str
    dial: str
    weight: float
    industries: tuple[str, ...]
    currencies: tuple[tuple[str, float], ...]
    brands: tuple[str, ...]
    forms: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[str, ...]
    street_first: bool = False  # "Industriestraße 12" rather than "12 Harbor Blvd"


_ALL = ("electronics", "machinery", "garment", "textile", "plastics", "steel", "aluminium",
        "furniture", "food", "auto", "toys", "footwear", "medical", "cosmetics", "trading")

SUPPLIER_COUNTRIES = (
    ForeignCountry("CN", "86", 0.42, _ALL, (("USD", 0.72), ("CNY", 0.28)), (), (), (), ()),
    ForeignCountry(
        "KR", "82", 0.11, ("electronics", "steel", "plastics", "auto", "cosmetics", "machinery"),
        (("USD", 0.7), ("KRW", 0.3)),
        ("Daesung", "Hanil", "Sejin", "Woojin", "Dongil", "Taeyang", "Jinyang", "Samwoo",
         "Kukdong", "Youngjin", "Hanmi", "Sungwoo", "Daewon", "Shinsung", "Kyungil", "Mirae"),
        ("Co., Ltd.", "Corporation", "Inc."),
        ("Teheran-ro", "Gangnam-daero", "Sejong-daero", "Jungang-ro", "Gongdan-ro"),
        ("Gangnam-gu, Seoul 06236", "Guro-gu, Seoul 08390", "Namdong-gu, Incheon 21697",
         "Danwon-gu, Ansan 15599", "Seongsan-gu, Changwon 51573"),
    ),
    ForeignCountry(
        "JP", "81", 0.08, ("machinery", "electronics", "auto", "steel", "plastics", "medical"),
        (("USD", 0.5), ("JPY", 0.5)),
        ("Yamato", "Sanwa", "Tokai", "Kyowa", "Daiichi", "Nakamura", "Sanko", "Hokuto",
         "Kansai", "Chubu", "Seiwa", "Fujimoto", "Marusan", "Ohashi"),
        ("Co., Ltd.", "Corporation", "K.K."),
        ("Nishi-Shinjuku", "Shiba", "Umeda", "Meieki", "Minatomirai"),
        ("Shinjuku-ku, Tokyo 160-0023", "Minato-ku, Tokyo 105-0014", "Kita-ku, Osaka 530-0001",
         "Nakamura-ku, Nagoya 450-0002", "Nishi-ku, Yokohama 220-0012"),
    ),
    ForeignCountry(
        "TW", "886", 0.05, ("electronics", "machinery", "steel", "plastics", "footwear"),
        (("USD", 1.0),),
        ("Chang Hong", "Yung Fa", "Ta Chen", "Sheng Yu", "Chia Hsin", "Tai Ming", "Hsin Yi"),
        ("Industrial Co., Ltd.", "Co., Ltd.", "Enterprise Co., Ltd."),
        ("Zhongzheng Road", "Minsheng Road", "Jianguo Road"),
        ("Taoyuan City 330", "Taichung City 407", "New Taipei City 241", "Kaohsiung City 806"),
    ),
    ForeignCountry(
        "TH", "66", 0.06, ("plastics", "food", "fruit", "auto", "steel"),
        (("USD", 0.8), ("THB", 0.2)),
        ("Siam", "Thai Union", "Chao Phraya", "Rattana", "Srisawat", "Chaiyaporn", "Thanakorn"),
        ("Co., Ltd.", "Company Limited", "Public Company Limited"),
        ("Bangna-Trad Road", "Sukhumvit Road", "Rama IV Road", "Phahonyothin Road"),
        ("Bang Phli, Samut Prakan 10540", "Khlong Toei, Bangkok 10110",
         "Si Racha, Chonburi 20230", "Pluak Daeng, Rayong 21140"),
    ),
    ForeignCountry(
        "DE", "49", 0.04, ("machinery", "pharma", "auto", "medical", "electronics"),
        (("EUR", 0.85), ("USD", 0.15)),
        ("Müller", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch",
         "Krüger", "Schröder", "Neumann", "Braun", "Zimmermann", "Weiß", "Köhler"),
        ("GmbH", "GmbH & Co. KG", "AG"),
        ("Industriestraße", "Hauptstraße", "Bahnhofstraße", "Daimlerstraße", "Gewerbering"),
        ("70565 Stuttgart", "80331 München", "20095 Hamburg", "40210 Düsseldorf",
         "50667 Köln", "60311 Frankfurt am Main"),
        street_first=True,
    ),
    ForeignCountry(
        "US", "1", 0.05, ("machinery", "food", "fruit", "pharma", "medical", "electronics"),
        (("USD", 1.0),),
        ("Pacific", "Atlantic", "Summit", "Pioneer", "Liberty", "Redwood", "Granite",
         "Lakeshore", "Keystone", "Evergreen", "Frontier", "Northstar", "Bayview", "Crescent"),
        ("Inc.", "LLC", "Corporation"),
        ("Harbor Blvd", "Main Street", "Commerce Drive", "Industrial Parkway", "Market Street"),
        ("Long Beach, CA 90802", "Houston, TX 77002", "Chicago, IL 60601", "Seattle, WA 98101",
         "Newark, NJ 07102"),
    ),
    ForeignCountry(
        "MY", "60", 0.03, ("electronics", "plastics", "steel", "furniture"),
        (("USD", 1.0),),
        ("Perdana", "Sinar", "Cahaya", "Harapan", "Mega Jaya", "Seri Alam", "Kinta"),
        ("Sdn. Bhd.", "Sdn Bhd", "Berhad"),
        ("Jalan Perusahaan", "Jalan Klang Lama", "Jalan Tun Razak"),
        ("Prai, Penang 13600", "Shah Alam, Selangor 40000", "Johor Bahru, Johor 81100"),
    ),
    ForeignCountry(
        "SG", "65", 0.02, ("trading", "electronics", "machinery"), (("USD", 1.0),),
        ("Lion City", "Straits", "Marina", "Orchid", "Merlion", "Kallang", "Jurong"),
        ("Pte. Ltd.", "Pte Ltd"),
        ("Jurong Port Road", "Ubi Avenue", "Changi South Lane", "Pioneer Road"),
        ("Singapore 619100", "Singapore 408830", "Singapore 486030", "Singapore 628480"),
    ),
    ForeignCountry(
        "IN", "91", 0.03, ("pharma", "steel", "textile", "garment"), (("USD", 1.0),),
        ("Shree", "Bharat", "Ganesh", "Lakshmi", "Sai", "Krishna", "Mahalaxmi"),
        ("Pvt. Ltd.", "Private Limited", "Limited"),
        ("MIDC Industrial Area", "GIDC Estate", "Sector 18"),
        ("Andheri East, Mumbai 400093", "Vatva, Ahmedabad 382445", "Gurugram, Haryana 122015"),
    ),
    ForeignCountry(
        "ID", "62", 0.02, ("footwear", "textile", "steel", "food"), (("USD", 1.0),),
        ("Sinar Jaya", "Mitra Abadi", "Karya Makmur", "Indah Kiat", "Surya Utama"),
        ("PT", "PT.", "Tbk"),
        ("Jalan Raya Serang", "Jalan Industri", "Jalan Gatot Subroto"),
        ("Tangerang, Banten 15710", "Bekasi, Jawa Barat 17530", "Surabaya 60293"),
    ),
    ForeignCountry(
        "HK", "852", 0.03, ("trading", "electronics", "garment"), (("USD", 0.85), ("HKD", 0.15)),
        (), ("Limited", "Ltd.", "Company Limited"),
        ("Nathan Road", "Des Voeux Road Central", "Canton Road", "Hoi Bun Road"),
        ("Tsim Sha Tsui, Kowloon", "Central, Hong Kong", "Kwun Tong, Kowloon"),
    ),
    ForeignCountry(
        "IT", "39", 0.01, ("machinery", "furniture", "textile"), (("EUR", 1.0),),
        ("Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino"),
        ("S.r.l.", "S.p.A."),
        ("Via Roma", "Via Garibaldi", "Via dell'Industria"),
        ("20121 Milano", "10121 Torino", "40121 Bologna"),
        street_first=True,
    ),
    ForeignCountry(
        "FR", "33", 0.01, ("cosmetics", "pharma", "food"), (("EUR", 1.0),),
        ("Durand", "Lefèvre", "Moreau", "Girard", "Laurent", "Rousseau"),
        ("S.A.", "SARL", "S.A.S."),
        ("Rue de la République", "Avenue des Champs", "Rue du Commerce"),
        ("75008 Paris", "69002 Lyon", "13001 Marseille"),
    ),
    ForeignCountry(
        "AU", "61", 0.01, ("food", "fruit"), (("USD", 0.7), ("AUD", 0.3)),
        ("Southern Cross", "Coral Coast", "Murray Valley", "Golden Plains"),
        ("Pty Ltd", "Pty. Limited"),
        ("Princes Highway", "George Street", "Commercial Road"),
        ("Melbourne VIC 3000", "Sydney NSW 2000", "Brisbane QLD 4000"),
    ),
)

# Countries of intermediaries in circular trade and origin laundering; same layout.
HUB_COUNTRIES = ("HK", "SG", "MY")

CN_SURNAMES = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
    ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("林", "Lin"), ("郭", "Guo"), ("何", "He"),
)
CN_GIVEN = (
    ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("强", "Qiang"),
    ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"), ("杰", "Jie"),
    ("涛", "Tao"), ("明", "Ming"), ("超", "Chao"), ("秀英", "Xiuying"), ("建华", "Jianhua"),
    ("志强", "Zhiqiang"), ("海燕", "Haiyan"), ("国平", "Guoping"), ("晓东", "Xiaodong"),
    ("丽华", "Lihua"),
)
KR_SURNAMES = ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim")
KR_GIVEN = ("Min-jun", "Seo-yeon", "Ji-hoon", "Hyun-woo", "Soo-jin", "Young-ho", "Eun-ji",
            "Dong-hyun", "Sung-min", "Ji-young")
JP_SURNAMES = ("Tanaka", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura",
               "Kobayashi", "Kato", "Yoshida")
JP_GIVEN = ("Hiroshi", "Takashi", "Kenji", "Yuki", "Naoko", "Akira", "Makoto", "Satoshi",
            "Keiko", "Tomoko")
TW_SURNAMES = ("Chen", "Lin", "Huang", "Chang", "Lee", "Wang", "Wu", "Tsai")
TW_GIVEN = ("Chih-ming", "Shu-fen", "Ya-ting", "Chien-hung", "Mei-ling", "Wen-hsiung")

# Watchlist-only parties: drawn from pools that the trading world never uses.
RU_SURNAMES = (
    ("Ivanov", "Иванов"), ("Petrov", "Петров"), ("Sokolov", "Соколов"), ("Volkov", "Волков"),
    ("Morozov", "Морозов"), ("Kuznetsov", "Кузнецов"), ("Orlov", "Орлов"),
    ("Fedorov", "Федоров"), ("Belov", "Белов"), ("Zaitsev", "Зайцев"), ("Lebedev", "Лебедев"),
)
RU_GIVEN = (
    ("Sergei", "Sergey", "Сергей"), ("Alexei", "Aleksey", "Алексей"),
    ("Dmitry", "Dmitriy", "Дмитрий"), ("Andrei", "Andrey", "Андрей"), ("Igor", "Igor", "Игорь"),
    ("Nikolai", "Nikolay", "Николай"), ("Oleg", "Oleg", "Олег"), ("Viktor", "Victor", "Виктор"),
)
RU_PATRONYMICS = (
    ("Petrovich", "Петрович"), ("Ivanovich", "Иванович"), ("Sergeyevich", "Сергеевич"),
    ("Viktorovich", "Викторович"), ("Nikolaevich", "Николаевич"),
)
KP_SURNAMES = ("Kim", "Ri", "Pak", "Jang", "Han", "Choe", "O", "Kang")
KP_GIVEN = ("Chol Su", "Song Il", "Yong Nam", "Myong Chol", "Kwang Su", "Un Hui", "Jong Ho",
            "Il Nam", "Hyok Chol", "Song Hui")
IR_GIVEN = ("Mohammad Reza", "Ali", "Hossein", "Mehdi", "Hamid", "Saeed", "Amir Hossein")
IR_SURNAMES = ("Karimi", "Hosseini", "Rahimi", "Moradi", "Jafari", "Ahmadi", "Rezaei")

RU_COMPANY_BRANDS = (
    ("Vostok", "Восток"), ("Sever", "Север"), ("Ural", "Урал"), ("Sibir", "Сибирь"),
    ("Volga", "Волга"), ("Neva", "Нева"), ("Arktika", "Арктика"), ("Yug", "Юг"),
    ("Almaz", "Алмаз"), ("Zvezda", "Звезда"),
)
RU_COMPANY_TRADES = (
    ("Logistika", "Логистика"), ("Tekhnologii", "Технологии"), ("Snab", "Снаб"),
    ("Promresurs", "Промресурс"), ("Elektronika", "Электроника"), ("Trade", "Трейд"),
)
KP_COMPANY_BRANDS = ("Hwasong", "Ryonha", "Paeksan", "Sungri", "Mansu", "Kumsong", "Taedong",
                     "Haegumgang", "Chongbong", "Myohyang")
IR_COMPANY_BRANDS = ("Pars", "Arya", "Kaveh", "Sepehr", "Tadbir", "Negin", "Aseman")
HK_FRONT_BRANDS = ("Yuanhai", "Jinqiao", "Shengtai", "Tianrui", "Hengxin", "Xinhe", "Dafeng",
                   "Weitong", "Kaiyuan", "Ruida")
AE_FRONT_BRANDS = ("Al Safa", "Blue Ocean", "Falcon Star", "Pearl Gate", "Desert Rose",
                   "Al Noor", "Gulf Horizon")
