"""What citizens type into the catalog search box: one or two words, Indonesian or English,
full words, abbreviations and half-typed prefixes, covering every kind of office and service
in the synthetic catalog (app/catalog/generate.py) plus a few place names."""

INDONESIAN = [
    "ktp", "ktp elektronik", "kartu keluarga", "kk", "akta kelahiran", "akta kematian", "akta",
    "perkawinan", "nikah", "legalisir", "dokumen kependudukan", "pindah domisili", "kia anak",
    "kartu identitas", "imunisasi", "imunisasi anak", "vaksin", "puskesmas", "antrean puskesmas",
    "berobat", "dokter", "surat sehat", "keterangan sehat", "praktik kesehatan", "demam berdarah",
    "dbd", "ibu hamil", "posyandu", "pajak kendaraan", "pajak", "pkb", "samsat", "pbb",
    "pajak bumi", "tagihan pajak", "stnk", "denda pajak", "pemutihan", "balik nama", "bbnkb",
    "bantuan sosial", "bansos", "dtks", "bantuan pangan", "sembako", "disabilitas", "difabel",
    "keringanan biaya", "sktm", "izin usaha", "usaha mikro", "umkm", "nib", "bangunan gedung",
    "pbg", "imb", "reklame", "iklan", "laik fungsi", "slf", "ppdb", "peserta didik", "sekolah",
    "ijazah", "beasiswa", "kip", "uji kendaraan", "kir", "trayek angkutan", "angkot",
    "parkir liar", "parkir", "pencari kerja", "ak1", "loker", "pelatihan kerja",
    "blk", "hubungan industrial", "phk", "daring", "keliling", "ekspres", "terpadu", "gerai",
    "penerbitan", "pendaftaran", "pembayaran", "pengaduan", "legalisasi", "izin",
    "pend", "peng", "kelah", "kend", "bantu",
]
ENGLISH = [
    "id card", "electronic id", "family card", "birth certificate", "death certificate",
    "marriage", "civil documents", "residents", "child id", "immunisation", "vaccination",
    "health centre", "health certificate", "practitioners", "dengue", "maternal health",
    "vehicle tax", "motor vehicle", "land tax", "building tax", "tax penalties", "tax",
    "vehicle ownership", "social assistance", "food aid", "disability", "fee waivers",
    "business licence", "micro business", "building approval", "billboards", "building fitness",
    "new students", "diplomas", "scholarship", "scholarships", "vehicle inspection",
    "public transport", "illegal parking", "job seeker", "vocational training",
    "industrial relations", "online", "counter", "mobile unit", "express", "registration",
    "payment", "issuance", "complaints", "permit", "licence", "certif", "regis",
]
PLACES = [
    "aceh", "jakarta", "jawa barat", "jawa tengah", "jawa timur", "bali", "papua", "riau",
    "sumatera utara", "kalimantan timur", "sulawesi selatan", "yogyakarta", "banten", "lampung",
]
