#!/usr/bin/python3
"""Independent evaluation set for Vigie's text rules (text.student-id, text.grade,
text.personal-info, text.confidential, text.student-name).

This set is deliberately INDEPENDENT of the project's own generator
(Sources/vigie-eval/SchoolTextGenerator.swift was never read while writing it): the phrases,
wordings, layouts, fonts and distortions below were written from scratch, the way a school or a
family would write a card, a sign, a name tag or a sheet, in English and in French. Its purpose is to
measure how the text rules generalise beyond the examples they were tuned on.

Each photo is a real photo from /work/shared/corpus/people/ scaled to a phone-camera canvas (12 MP or
8 MP, landscape or portrait) with ONE card carrying 1-3 lines of text pasted in it (rotated up to
+-15 degrees, in ~40% of cards seen in perspective), and on some positives a second, harmless card.

  independent-text-set.py --out DIR [--seed N] [--per-rule K] [--canvas-scale S]

With --canvas-scale S (default 1), each canvas is S times the phone camera's on each side (0.4: about
1600 x 1200, a photo as a website or a school's app keeps it); the print keeps its sizes in pixels
(capitals 16-80 px), so it is larger in the picture.

writes, for each of the 5 rules, K positive photos, and 3*K negative photos (text that must not be
flagged), as DIR/ind-0001.jpg ..., plus DIR/manifest.tsv and DIR/roster.csv (the people for
`vigie consent import people`; the student-name photos show names from it, the other photos only
names that are not in it).

Manifest columns: file, expected_rules, text (lines joined by " | "), font, cap_px (capital height in
the final image before perspective), angle (degrees), keystone (axis and fraction, e.g. "h+0.18":
top edge narrowed by 18% of the card width; "v-0.10": right edge shortened by 10% of the card height;
empty when flat), dark (1 = light text on a dark card), then blur (gaussian sigma, 0 = none),
noise (sigma), quality (JPEG), background (source photo), box (x0,y0,x1,y1 of the card in the
image), distractor (text of the second card, if any).

Needs only python3 + numpy and the `vips` command-line tool (text is rendered by Pango, so any font
fontconfig knows can be used).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

from pnm import read_pnm  # this folder

# The photos behind the cards: the shared corpus's people folder (`--corpus` names the corpus).
CORPUS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpus", "people"))
RULES = ["text.student-id", "text.grade", "text.personal-info", "text.confidential", "text.student-name"]

# Pango font descriptions ("Family, Style"): each was checked to resolve to its own face (not to the
# fallback font) with `vips text`.
FONTS = [
    "DejaVu Sans", "DejaVu Sans, Bold", "DejaVu Sans Condensed", "DejaVu Sans Light",
    "DejaVu Serif, Italic", "DejaVu Serif Condensed, Bold", "DejaVu Sans Mono",
    "Liberation Sans, Bold", "Liberation Serif, Italic", "Liberation Mono",
    "Open Sans", "Open Sans Semibold", "Open Sans Extrabold", "Open Sans Light, Italic",
    "Open Sans Condensed, Bold", "Open Sans Condensed Light",
    "Nimbus Sans Narrow, Bold", "Nimbus Sans", "Nimbus Roman, Bold", "URW Gothic",
    "URW Bookman Light", "C059, Italic", "P052, Bold", "Nimbus Mono PS, Bold",
    "Carlito, Bold", "Carlito, Italic",
]

CANVASES = [(4000, 3000), (3000, 4000), (3264, 2448), (2448, 3264)]

LIGHT_CARDS = [(250, 250, 246), (255, 249, 222), (234, 243, 255), (246, 233, 196),
               (238, 238, 236), (228, 247, 228), (255, 232, 236)]
DARK_INKS = [(18, 18, 20), (12, 30, 92), (115, 8, 10), (40, 40, 44), (0, 70, 40)]
DARK_CARDS = [(24, 34, 82), (18, 18, 20), (32, 66, 46), (104, 20, 26), (52, 54, 60), (70, 30, 90)]
LIGHT_INKS = [(250, 250, 250), (255, 232, 120), (228, 228, 228), (200, 240, 255)]

# --------------------------------------------------------------------------------------------------
# People. The roster (written to roster.csv) and people who are NOT in it (used in every other photo).
ROSTER = [
    "Léa Gagnon", "Zoé Bergeron-Lavoie", "Noé Tremblay", "Max Côté", "Noah Pelletier",
    "Emma Nguyen", "William Fortin", "Chloé Lévesque", "Liam O'Connor", "Olivia Dubois-Martel",
    "Jacob Bouchard", "Alice Ouellet", "Félix Gauthier", "Maëlle Roy-Picard", "Thomas Girard",
    "Florence Morin", "Nathan Lapointe", "Camille Boucher", "Éloïse Leblanc", "Samuel Caron",
    "Rosalie Cloutier", "Ethan Murphy", "Juliette Paquette", "Arnaud Desjardins", "Sofia Haddad",
    "Ali Benali", "Mia St-Pierre", "Léo Poirier", "Anaïs Beaulieu-Simard", "Ava Chen",
]
OUTSIDERS = [
    "Hugo Lemieux", "Clara Bélanger", "Adam Richard", "Jade Vachon", "Louis Ménard", "Inès Lacroix",
    "Gabriel Hébert", "Sarah Lefebvre", "Victor Landry", "Éva Cormier", "Owen Clarke", "Lily Hughes",
    "Raphaël Dion", "Nora Simard", "Charles Thibault", "Amélie Fournier",
]
TEACHERS = ["Mme Lemieux", "M. Hébert", "Ms. Clarke", "Mr. Hughes", "Mme Fournier", "M. Thibault"]

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]


def strip_accents_upper(s):
    table = str.maketrans("ÉÈÊËÀÂÄÎÏÔÖÛÜÙÇéèêëàâäîïôöûüùç", "EEEEAAAIIOOUUUCeeeeaaaiioouuuc")
    return s.translate(table).upper()


# --------------------------------------------------------------------------------------------------
# Phrases. Each maker returns a list of lines (1-3). `r` is the numpy Generator.

def pick(r, seq):
    return seq[int(r.integers(len(seq)))]


def digits(r, n):
    return "".join(str(int(r.integers(10))) for _ in range(n))


def outsider(r):
    return pick(r, OUTSIDERS)


def permanent_code(r):
    first, last = pick(r, OUTSIDERS).split(" ", 1)
    last = strip_accents_upper(last.replace("-", "").replace("'", ""))
    first = strip_accents_upper(first)
    day = int(r.integers(1, 29))
    month = int(r.integers(1, 13)) + (50 if r.random() < 0.5 else 0)
    year = int(r.integers(5, 20))
    return f"{last[:3]}{first[0]}{day:02d}{month:02d}{year:02d}{digits(r, 2)}"


def student_id(r):
    n = digits(r, int(r.integers(6, 10)))
    code = permanent_code(r)
    who = outsider(r)
    options = [
        [f"Student ID: {n}"],
        [f"STUDENT ID #{n}"],
        ["Student ID", n],
        [f"Student No. {n}"],
        [who, f"ID # {n}"],
        ["LIBRARY CARD", who, f"Student number: {n}"],
        [f"Matricule : {n}"],
        ["Matricule", n],
        [f"No d'élève : {n}"],
        [f"N° d'élève {n}"],
        [f"Numéro d'élève : {n}"],
        ["Carte étudiante", who, f"Matricule {n}"],
        [f"Code permanent : {code}"],
        ["Code permanent", code],
        [who, code],
        [f"Permanent code: {code}"],
        [f"Fiche : {n}"],
        ["Fiche de l'élève", f"No {n}"],
        ["Lunch account", f"Student ID {n}"],
        ["Bibliothèque scolaire", f"No d'élève {n}"],
    ]
    return pick(r, options)


def grade(r):
    on20 = int(r.integers(8, 21))
    half = f"{int(r.integers(9, 20))},5"
    pct = int(r.integers(55, 100))
    letter = pick(r, ["A", "A+", "A-", "B", "B+", "B-", "C", "C+", "D"])
    on100 = int(r.integers(50, 100))
    on10 = int(r.integers(5, 11))
    subj_en = pick(r, ["Math test", "Spelling quiz", "Science project", "History essay", "Unit 4 test"])
    subj_fr = pick(r, ["Dictée", "Examen de maths", "Projet de sciences", "Lecture", "Évaluation"])
    term = pick(r, ["Term 1", "Term 2", "Term 3"])
    etape = pick(r, ["1re étape", "2e étape", "3e étape"])
    year = pick(r, ["2023-2024", "2024-2025", "2025-2026"])
    sheet_names = list(r.choice(OUTSIDERS, size=3, replace=False))
    sheet = [f"{nm.split()[0]} {nm.split()[1][0]}.  {int(r.integers(9, 21))}/20" for nm in sheet_names]
    sheet_pct = [f"{nm}   {int(r.integers(55, 100))} %" for nm in sheet_names]
    options = [
        [f"Score: {on20}/20"],
        [subj_en, f"Score: {on100}/100"],
        [f"Note : {pct} %"],
        [subj_fr, f"Note : {on20}/20"],
        [f"Final grade: {letter}"],
        [subj_en, f"Grade: {letter}"],
        [f"Moyenne {half}/20"],
        [f"Moyenne générale : {pct} %"],
        [f"Résultat : {on100}/100"],
        [subj_fr, f"Résultat {on20}/20"],
        [f"Mark: {pct}%"],
        [f"Quiz score {on10}/10"],
        ["REPORT CARD", term],
        ["Report Card", year],
        ["BULLETIN SCOLAIRE", year],
        ["Bulletin", etape],
        sheet,
        sheet_pct,
        [f"Your grade: {letter}", "Great work!"],
        [f"Note finale : {letter}"],
    ]
    return pick(r, options)


def phone_na(r):
    area = pick(r, ["514", "438", "450", "819", "418", "613", "416", "647", "581"])
    ex = f"{int(r.integers(2, 10))}{digits(r, 2)}"
    line = digits(r, 4)
    return pick(r, [f"({area}) {ex}-{line}", f"{area}-{ex}-{line}", f"{area} {ex}-{line}",
                    f"{area}.{ex}.{line}", f"1-{area}-{ex}-{line}"])


def phone_fr(r):
    first = pick(r, ["01", "02", "03", "04", "05", "06", "07", "09"])
    rest = [digits(r, 2) for _ in range(4)]
    if r.random() < 0.3:
        return "+33 " + first[1] + " " + " ".join(rest)
    return first + " " + " ".join(rest)


def email(r):
    first, last = outsider(r).split(" ", 1)
    f = strip_accents_upper(first).lower()
    l = strip_accents_upper(last).lower().replace(" ", "")
    dom = pick(r, ["gmail.com", "videotron.ca", "hotmail.com", "outlook.fr", "orange.fr",
                   "csdm.qc.ca", "yahoo.ca", "sympatico.ca"])
    user = pick(r, [f"{f}.{l}", f"{f[0]}{l}", f"{l}.{f}{digits(r, 2)}", f"famille.{l}"])
    return f"{user}@{dom}"


def address(r):
    num = int(r.integers(3, 9800))
    en = pick(r, ["Maple Street", "Oak Ave", "Cedar Road", "Elm Drive", "King St. West",
                  "Lakeshore Blvd", "Birch Crescent"])
    fr = pick(r, ["rue Saint-Denis", "avenue des Érables", "boul. René-Lévesque Ouest",
                  "rue Principale", "chemin du Lac", "rue de la Gare", "avenue Laurier Est"])
    city = pick(r, ["Montréal (Québec)", "Laval, QC", "Gatineau", "Sherbrooke QC", "Lyon", "Ottawa, ON"])
    apt = int(r.integers(1, 40))
    return pick(r, [[f"{num} {en}"], [f"{num} {en}, Apt {apt}", city], [f"{num}, {fr}"],
                    [f"{num} {fr}", city], [f"{num} {fr}, app. {apt}"]])


def birth(r):
    y = int(r.integers(2008, 2020))
    m = int(r.integers(1, 13))
    d = int(r.integers(1, 29))
    return pick(r, [
        [f"Date of birth: {d} {MONTHS_EN[m - 1]} {y}"],
        [f"Date of birth: {MONTHS_EN[m - 1]} {d}, {y}"],
        [f"DOB {y}-{m:02d}-{d:02d}"],
        [f"D.O.B.: {m:02d}/{d:02d}/{y}"],
        [f"Born: {d} {MONTHS_EN[m - 1]} {y}"],
        [f"Né le {d} {MONTHS_FR[m - 1]} {y}"],
        [f"Née le {d} {MONTHS_FR[m - 1]} {y}"],
        [f"Date de naissance : {y}-{m:02d}-{d:02d}"],
        ["Date de naissance", f"{d:02d}/{m:02d}/{y}"],
        [f"Birthday / Anniversaire : {d} {MONTHS_FR[m - 1]} {y}"],
    ])


def personal_info(r):
    who = outsider(r)
    kind = int(r.integers(4))
    if kind == 0:
        return pick(r, [
            [f"Tel: {phone_na(r)}"],
            [f"Call Mom: {phone_na(r)}"],
            [f"Tél. : {phone_na(r)}"],
            ["Urgence / Emergency", phone_na(r)],
            [who, f"Cell {phone_na(r)}"],
            [f"Tél. : {phone_fr(r)}"],
            ["Parents", phone_fr(r)],
            [f"Portable {phone_fr(r)}"],
        ])
    if kind == 1:
        return pick(r, [
            [f"Email: {email(r)}"],
            [f"Courriel : {email(r)}"],
            [who, email(r)],
            ["Questions?", email(r)],
        ])
    if kind == 2:
        lines = address(r)
        return pick(r, [lines, [who] + lines if len(lines) == 1 else lines,
                        (["Home address:"] + lines)[:3], (["Adresse :"] + lines)[:3]])
    lines = birth(r)
    return lines if r.random() < 0.6 or len(lines) > 1 else [who] + lines


def confidential(r):
    ctx_en = pick(r, ["Staff meeting notes", "Student file", "Incident report", "Behaviour log",
                      "Class list 2024-2025", "Health information"])
    ctx_fr = pick(r, ["Dossier de l'élève", "Compte rendu de réunion", "Liste de classe",
                      "Rapport d'incident", "Fiche santé"])
    return pick(r, [
        ["CONFIDENTIAL"],
        [ctx_en, "CONFIDENTIAL"],
        ["Confidential", ctx_en],
        ["STRICTLY CONFIDENTIAL"],
        ["Private & Confidential"],
        ["For internal use only"],
        [ctx_en, "For internal use only"],
        ["Do not distribute"],
        ["INTERNAL - DO NOT DISTRIBUTE"],
        ["Confidentiel"],
        [ctx_fr, "CONFIDENTIEL"],
        ["Document confidentiel"],
        ["Ne pas diffuser"],
        [ctx_fr, "Ne pas diffuser"],
        ["Usage interne seulement"],
        ["Ne pas distribuer"],
        ["À usage interne uniquement"],
        ["Staff only - confidential"],
    ])


def roster_name(r):
    name = pick(r, ROSTER)
    first, last = name.split(" ", 1)
    shown = name
    u = r.random()
    if u < 0.15:
        shown = name.upper()
    elif u < 0.25:
        shown = f"{last}, {first}"
    lines = pick(r, [
        ["Student of the month", shown],
        [f"Student of the month: {shown}"],
        [f"Bravo {shown}!"],
        ["Bravo", f"{shown} !"],
        ["HELLO my name is", shown],
        ["Bonjour, je m'appelle", shown],
        [shown],
        [shown, "Gr. 4 - Room 12"],
        ["Élève du mois", shown],
        [f"Félicitations à {shown}"],
        ["Winner - Spelling Bee", shown],
        ["Gagnante du concours", shown],
        [f"Welcome, {shown}!"],
        ["Bienvenue", shown],
        ["Happy birthday", shown],
        [f"Casier de {shown}"],
    ])
    return lines, name


def negative(r):
    g = int(r.integers(1, 7))
    t = pick(r, TEACHERS)
    hh = int(r.integers(8, 20))
    mm = pick(r, ["00", "15", "30", "45"])
    day = int(r.integers(1, 29))
    mo = int(r.integers(1, 13))
    y = int(r.integers(2024, 2027))
    options = [
        [f"Grade {g} Science Fair"],
        [f"Grade {g} - {t}"],
        [f"{g}e année", f"Classe de {t}"],
        [f"{g}e année - Groupe {int(r.integers(1, 4))}0{g}"],
        [f"Room {int(r.integers(100, 330))}"],
        [f"Salle {int(r.integers(100, 330))}", "Laboratoire de sciences"],
        ["Spring Concert", f"{MONTHS_EN[mo - 1]} {day}, {y} - {hh % 12 or 12}:{mm} pm"],
        ["Spectacle de fin d'année", f"le {day} {MONTHS_FR[mo - 1]} {y} à {hh} h {mm}"],
        [f"Journée portes ouvertes", f"{day} {MONTHS_FR[mo - 1]} {y}"],
        [f"#{int(r.integers(1, 99))}"],
        [f"PANTHERS {int(r.integers(1, 99))}"],
        [f"HOME {int(r.integers(0, 9))}  GUEST {int(r.integers(0, 9))}", f"PERIOD {int(r.integers(1, 4))}"],
        [f"LOCAUX {int(r.integers(0, 60))}  VISITEURS {int(r.integers(0, 60))}"],
        [f"Bus {int(r.integers(1, 90))}"],
        [f"Autobus no {int(r.integers(1, 90))}", f"Départ {hh} h {mm}"],
        [f"Page {int(r.integers(1, 10))}/10"],
        [f"{int(r.integers(1, 6))}/12"],
        ["Bake sale", f"Cookies ${int(r.integers(1, 4))}.{pick(r, ['00', '50', '25'])}"],
        ["Vente de pâtisseries", f"Muffins {int(r.integers(1, 4))},{pick(r, ['00', '50'])} $"],
        ["Library hours", f"{hh}:{mm} - {hh + 3}:{mm}"],
        [f"Dîner : {hh}h{mm}"],
        ["École primaire des Érables"],
        ["Collège Saint-Laurent", "Fondé en 1962"],
        ["Maple Ridge Elementary", "Home of the Panthers"],
        ["Gymnase"],
        ["EXIT / SORTIE"],
        ["Bibliothèque", "Silence s.v.p."],
        ["Welcome back!", "Bonne rentrée!"],
        [f"Field trip - {y}-{mo:02d}-{day:02d}"],
        [f"Class of {y}"],
        [f"Grades {g}-{g + 1}", "Open house"],
        [f"Grade {min(g, 5)}/{min(g, 5) + 1} Open House"],
        [f"Terrain {int(r.integers(1, 5))}", "Soccer U10"],
        [f"Course de {int(r.integers(1, 6))} km", f"{day} {MONTHS_FR[mo - 1]}"],
        ["Terry Fox Run", f"{y} - {int(r.integers(1, 6))} km"],
        [f"Équipe {int(r.integers(1, 9))} - Table {int(r.integers(1, 20))}"],
        [f"Spelling bee - Round {int(r.integers(1, 5))}"],
        ["Kindergarten", "Maternelle"],
        ["Merci aux bénévoles!"],
        [f"Locker {int(r.integers(100, 999))}"],
        [f"Temp. {int(r.integers(-15, 30))} °C"],
        [f"Bravo {outsider(r)}!"],
        ["Student of the month", outsider(r)],
        [outsider(r), "Gr. 5 - Room 8"],
        ["Level 3 - Reading corner"],
        [f"Chapter {int(r.integers(1, 20))}", f"p. {int(r.integers(10, 300))}"],
        ["Lost & found", "Objets perdus"],
        ["Please sign in at the office"],
    ]
    return pick(r, options)


# --------------------------------------------------------------------------------------------------
# Images: PNM in and out of vips; everything else in numpy.

def vips(*args):
    subprocess.run(["vips", *[str(a) for a in args]], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def write_ppm(path, rgb):
    h, w, _ = rgb.shape
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, h))
        f.write(np.ascontiguousarray(rgb, dtype=np.uint8).tobytes())


def escape_markup(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_cap_ratio = {}


def cap_ratio(font, tmp):
    """Capital height / font size of a font, measured on a rendered 'H'."""
    if font not in _cap_ratio:
        path = os.path.join(tmp, "cap.pgm")
        vips("text", path, "H", "--font", f"{font} 200", "--dpi", "72")
        m = read_pnm(path)
        rows = np.nonzero(m.max(axis=1) > 127)[0]
        _cap_ratio[font] = (rows[-1] - rows[0] + 1) / 200.0
    return _cap_ratio[font]


def render_mask(lines, font, cap_px, align, tmp):
    size = cap_px / cap_ratio(font, tmp)
    path = os.path.join(tmp, "mask.pgm")
    markup = "\n".join(escape_markup(l) for l in lines)
    vips("text", path, markup, "--font", f"{font} {size:.1f}", "--dpi", "72", "--align", align)
    return read_pnm(path).astype(np.float32) / 255.0


def make_card(r, lines, font, cap_px, dark, tmp):
    """RGB card (float32, HxWx3) with the text, its padding and a faint border or illumination."""
    align = pick(r, ["low", "centre", "centre", "low"])
    mask = render_mask(lines, font, cap_px, align, tmp)
    pad_x = int(cap_px * r.uniform(0.8, 2.0))
    pad_y = int(cap_px * r.uniform(0.6, 1.5))
    h, w = mask.shape
    H, W = h + 2 * pad_y, w + 2 * pad_x
    full = np.zeros((H, W), np.float32)
    full[pad_y:pad_y + h, pad_x:pad_x + w] = mask
    if dark:
        paper, ink = np.array(pick(r, DARK_CARDS), np.float32), np.array(pick(r, LIGHT_INKS), np.float32)
    else:
        paper, ink = np.array(pick(r, LIGHT_CARDS), np.float32), np.array(pick(r, DARK_INKS), np.float32)
    card = paper[None, None, :] * (1 - full[..., None]) + ink[None, None, :] * full[..., None]
    if r.random() < 0.35:  # a printed border line
        b = max(2, int(cap_px * 0.08))
        inset = max(3, int(min(pad_x, pad_y) * 0.35))
        edge = np.zeros((H, W), bool)
        edge[inset:inset + b, inset:W - inset] = True
        edge[H - inset - b:H - inset, inset:W - inset] = True
        edge[inset:H - inset, inset:inset + b] = True
        edge[inset:H - inset, W - inset - b:W - inset] = True
        card[edge] = ink
    # uneven lighting: a linear gradient across the card
    gx, gy = r.uniform(-0.12, 0.12, size=2)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    light = 1.0 + gx * (xx / W - 0.5) + gy * (yy / H - 0.5)
    card = card * light[..., None] * r.uniform(0.85, 1.05)
    return np.clip(card, 0, 255)


def homography(src, dst):
    """3x3 matrix mapping the 4 src points to the 4 dst points."""
    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y]); b.append(v)
    h = np.linalg.solve(np.array(a, float), np.array(b, float))
    return np.append(h, 1).reshape(3, 3)


def card_corners(r, w, h, angle, keystone):
    """Destination corners (before translation) of a w x h card: keystone then rotation."""
    pts = np.array([[0, 0], [w, 0], [w, h], [0, h]], float)
    if keystone:
        axis, k = keystone
        if axis == "h":  # one horizontal edge narrower: the card tilted back or forward
            d = abs(k) * w / 2
            i, j = (0, 1) if k > 0 else (3, 2)
            pts[i, 0] += d; pts[j, 0] -= d
            pts[:, 1] *= 1 - abs(k) * 0.4  # foreshortening
        else:  # one vertical edge shorter: the card turned left or right
            d = abs(k) * h / 2
            i, j = (1, 2) if k < 0 else (0, 3)
            pts[i, 1] += d; pts[j, 1] -= d
            pts[:, 0] *= 1 - abs(k) * 0.4
    c = pts.mean(axis=0)
    t = np.radians(angle)
    rot = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return (pts - c) @ rot.T


def paste(canvas, card, corners_rel, r, occupied):
    """Warp the card onto the canvas at a random free place; returns False when it cannot fit."""
    H, W = canvas.shape[:2]
    ch, cw = card.shape[:2]
    lo, hi = corners_rel.min(axis=0), corners_rel.max(axis=0)
    span = hi - lo
    margin = 40
    if span[0] > W - 2 * margin or span[1] > H - 2 * margin:
        return False
    for _ in range(60):
        ox = r.uniform(margin - lo[0], W - margin - hi[0])
        oy = r.uniform(margin - lo[1], H - margin - hi[1])
        box = (ox + lo[0], oy + lo[1], ox + hi[0], oy + hi[1])
        if all(box[2] < o[0] or box[0] > o[2] or box[3] < o[1] or box[1] > o[3] for o in occupied):
            break
    else:
        return False
    occupied.append(box)
    dst = corners_rel + [ox, oy]
    src = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], float)
    hinv = np.linalg.inv(homography(src, dst))
    x0, y0 = int(np.floor(box[0])), int(np.floor(box[1]))
    x1, y1 = int(np.ceil(box[2])) + 1, int(np.ceil(box[3])) + 1
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float64)
    den = hinv[2, 0] * xs + hinv[2, 1] * ys + hinv[2, 2]
    sx = (hinv[0, 0] * xs + hinv[0, 1] * ys + hinv[0, 2]) / den - 0.5
    sy = (hinv[1, 0] * xs + hinv[1, 1] * ys + hinv[1, 2]) / den - 0.5
    # bilinear sampling of the card with a transparent border (anti-aliased edges)
    padded = np.zeros((ch + 2, cw + 2, 4), np.float32)
    padded[1:-1, 1:-1, :3] = card
    padded[1:-1, 1:-1, 3] = 1.0
    sx += 1; sy += 1
    ix = np.clip(np.floor(sx).astype(np.int64), 0, cw)
    iy = np.clip(np.floor(sy).astype(np.int64), 0, ch)
    fx = np.clip(sx - ix, 0, 1)[..., None].astype(np.float32)
    fy = np.clip(sy - iy, 0, 1)[..., None].astype(np.float32)
    inside = ((sx >= 0) & (sx <= cw + 1) & (sy >= 0) & (sy <= ch + 1))[..., None]
    s = (padded[iy, ix] * (1 - fx) * (1 - fy) + padded[iy, ix + 1] * fx * (1 - fy)
         + padded[iy + 1, ix] * (1 - fx) * fy + padded[iy + 1, ix + 1] * fx * fy) * inside
    alpha = s[..., 3:4]
    region = canvas[y0:y1, x0:x1].astype(np.float32)
    canvas[y0:y1, x0:x1] = np.clip(s[..., :3] + region * (1 - alpha), 0, 255).astype(np.uint8)
    return True


CANVAS_SCALE = 1.0


def background(r, backgrounds, tmp):
    src = pick(r, backgrounds)
    w, h = pick(r, CANVASES)
    w, h = max(64, round(w * CANVAS_SCALE)), max(64, round(h * CANVAS_SCALE))
    path = os.path.join(tmp, "bg.ppm")
    vips("thumbnail", src, path, w, "--height", h, "--size", "both", "--crop", "centre")
    img = read_pnm(path)
    if img.ndim == 2:
        img = np.repeat(img[..., None], 3, axis=2)
    return img.copy(), os.path.relpath(src, CORPUS)


def random_geometry(r):
    angle = float(np.round(r.uniform(-15, 15), 1))
    keystone = None
    if r.random() < 0.4:
        keystone = (pick(r, ["h", "v"]), float(np.round(r.uniform(0.05, 0.25) * pick(r, [-1, 1]), 2)))
    return angle, keystone


def add_card(r, canvas, lines, occupied, tmp, cap_range=(16, 80)):
    """Render and paste one card; shrinks the text until the card fits. Returns its description."""
    font = pick(r, FONTS)
    dark = r.random() < 0.25
    # capital heights spread evenly on a log scale between 16 and 80 px
    cap = float(np.exp(r.uniform(np.log(cap_range[0]), np.log(cap_range[1]))))
    angle, keystone = random_geometry(r)
    for _ in range(8):
        card = make_card(r, lines, font, cap, dark, tmp)
        corners = card_corners(r, card.shape[1], card.shape[0], angle, keystone)
        if paste(canvas, card, corners, r, occupied):
            ks = f"{keystone[0]}{keystone[1]:+.2f}" if keystone else ""
            box = ",".join(str(int(v)) for v in occupied[-1])
            return dict(font=font, cap=round(cap), angle=angle, keystone=ks, dark=int(dark), box=box)
        cap = max(cap_range[0], cap * 0.8)
    raise RuntimeError(f"card does not fit: {lines}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-rule", type=int, default=12)
    ap.add_argument("--corpus", help="the shared corpus (default: ../shared/corpus beside the project)")
    ap.add_argument("--canvas-scale", type=float, default=1.0,
                    help="each canvas side times this (default 1: 12 MP and 8 MP phone photos)")
    args = ap.parse_args()
    global CORPUS, CANVAS_SCALE
    if not 0.1 <= args.canvas_scale <= 1.0:
        sys.exit("--canvas-scale must be between 0.1 and 1")
    CANVAS_SCALE = args.canvas_scale
    if args.corpus:
        CORPUS = os.path.join(args.corpus, "people")

    r = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    backgrounds = sorted(os.path.join(d, f) for d, _, fs in os.walk(CORPUS)
                         for f in fs if f.lower().endswith((".jpg", ".jpeg")))
    if not backgrounds:
        sys.exit(f"no jpg under {CORPUS}")

    with open(os.path.join(args.out, "roster.csv"), "w", encoding="utf-8") as f:
        f.write("id,name,role,group\n")
        for i, name in enumerate(ROSTER, 1):
            f.write(f"S{i:03d},{name},student,{pick(r, ['4A', '4B', '5A', '5B', '6A'])}\n")

    # the plan: K positives per rule, then 3K negatives, shuffled so the order says nothing
    plan = [rule for rule in RULES for _ in range(args.per_rule)] + [""] * (3 * args.per_rule)
    plan = [plan[i] for i in r.permutation(len(plan))]
    makers = {"text.student-id": student_id, "text.grade": grade, "text.personal-info": personal_info,
              "text.confidential": confidential}

    tmp = tempfile.mkdtemp(prefix="indtext-")
    rows = []
    try:
        for n, rule in enumerate(plan, 1):
            if rule == "text.student-name":
                lines, _ = roster_name(r)
            elif rule:
                lines = makers[rule](r)
            else:
                lines = negative(r)
            canvas, bg = background(r, backgrounds, tmp)
            occupied = []
            d = add_card(r, canvas, lines, occupied, tmp)
            distractor = ""
            if rule and r.random() < 0.35:  # a harmless second card somewhere else
                extra = negative(r)
                try:
                    add_card(r, canvas, extra, occupied, tmp)
                    distractor = " | ".join(extra)
                except RuntimeError:
                    pass
            noise = float(np.round(r.uniform(1, 5), 1)) if r.random() < 0.4 else 0.0
            if noise:
                canvas = np.clip(canvas + r.normal(0, noise, canvas.shape), 0, 255).astype(np.uint8)
            blur = float(np.round(r.uniform(0.5, 1.2), 2)) if r.random() < 0.3 else 0.0
            quality = int(r.integers(80, 96))
            name = f"ind-{n:04d}.jpg"
            ppm = os.path.join(tmp, "out.ppm")
            write_ppm(ppm, canvas)
            if blur:
                vips("gaussblur", ppm, os.path.join(tmp, "blur.v"), blur)
                ppm = os.path.join(tmp, "blur.v")
            vips("jpegsave", ppm, os.path.join(args.out, name), "--Q", quality, "--strip")
            rows.append([name, rule, " | ".join(lines), d["font"], d["cap"], d["angle"], d["keystone"],
                         d["dark"], blur, noise, quality, bg, d["box"], distractor])
            print(f"{name}  {rule or '-':20s} {' | '.join(lines)}", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    with open(os.path.join(args.out, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\t".join(["file", "expected_rules", "text", "font", "cap_px", "angle", "keystone", "dark",
                           "blur", "noise", "quality", "background", "box", "distractor"]) + "\n")
        for row in rows:
            f.write("\t".join(str(x) for x in row) + "\n")


if __name__ == "__main__":
    main()
