#!/usr/bin/python3
"""Scene evaluation set for Vigie's text rules (text.student-id, text.grade, text.personal-info,
text.confidential, text.student-name): a THIRD generator, independent of the two others.

Independence: written without reading the project's own generator (Sources/), its tests (Tests/),
its documentation (docs/), or the body of Evaluation/independent-text-set.py (only its docstring, to
match the command line and the manifest). The phrases, the roster, the layouts, the fonts and the
distortions below were written from scratch, the way schools and families write these things in
English and in French (Quebec and France). Where the other sets paste one flat card, this one builds
SCENES, so that it measures how the text rules generalise to text as a phone really photographs it.

Scene kinds (one per photo, drawn so that each rule's positives and the negatives have about these
shares):
  sheet   30%  a sheet of paper on a desk or a wall seen in perspective (homography): 5-12 lines
               (heading, instructions, dates, rooms) of which one or two carry the fact, or a form
               (printed labels, values written in pen) or a table ("Nom | Groupe | Note"); paper
               tint, brightness gradient, soft shadow band, page curl (smooth non-linear warp)
  board   20%  a whiteboard (marker: blue, black, red, green) or a chalkboard (green or black,
               off-white chalk with grain) filling much of the frame; text written "by hand":
               per-character baseline drift and size, per-word rotation, scale and offset,
               thickened strokes
  tags    20%  2-5 name tags, desk labels, lanyard badges or sticky notes (capitals 14-30 px), at
               most one carrying the fact
  screen  15%  a monitor (bezel) or a projected slide: light on dark or dark on light, glow and
               blur, faint moire and scanlines, colour cast, glare
  poster  15%  a cork board or a paper poster with 2-4 cards of different fonts and colours at
               angles up to 20 degrees, pinned or taped, with shadows

Text: capitals 14-90 px in the final image (whatever --canvas-scale), tilts up to 20 degrees.
Camera: gaussian blur sigma 0-1.2 (less on the smallest text), noise, JPEG quality 75-95, sometimes
a slight motion blur (up to 3 px). Backgrounds: real photos from /work/shared/corpus/people/ (files
vips cannot load are skipped) scaled and cropped to a phone canvas (4032x3024 or 3264x2448,
landscape or portrait) times --canvas-scale.

  scene-text-set.py --out DIR [--seed N] [--per-rule K] [--canvas-scale S] [--jobs J] [--fact-boxes]
                    [--corpus DIR (default: ../../shared/corpus from this script)]

writes, for each of the 5 rules, K positive photos (each shows exactly one rule's fact, plus harmless
text), then 3*K negative photos in all (192 photos for K = 24), whose themes cycle over the five rules:
text schools really show that must NOT be flagged (grade levels, rooms, lockers, event dates and
times, prices, game scores, jersey, page and raffle numbers, class names, school names, menus,
schedules, library call numbers, "Note" or "Mark" without a mark, years, percentages and x/20
without a grade word, "Plan de classe" / "Plan d'évacuation", names of people who are not on the
roster; never a phone number or a street address). Files: DIR/scn-0001.jpg ... (positives rule by
rule, then negatives), DIR/manifest.tsv and DIR/roster.csv (header id,name,role,group: 44-56
students with French and English names; the student-name positives show one or two of their full
names, every other photo only names that are not in it). The same seed gives byte-identical files
(per-photo random streams; J worker processes, default 2 and at most 2, each running vips
single-threaded). With --fact-boxes, DIR/fact-boxes.tsv also gives the box of the fact (or main)
lines themselves and every text drawn in the photo, for reviewing crops and checking that nothing
sensitive leaks into the wrong photo (move it away before running vigie on DIR).

Phrase families (English, Quebec French, France French):
  student-id     Student ID / ID # / Student ID No. / No d'élève / N° d'élève / Numéro d'élève /
                 Matricule / Fiche / No de fiche + 6-8 digits; Quebec permanent codes (3 letters of
                 the surname + 1 of the first name + DDMMYY, month +50 for girls, + 2 digits), with
                 "Code permanent :" or bare; label and number on two lines; tables "Nom | Matricule"
  grade          Grade/Final grade + letter, Score/Mark/Note/Note finale/Résultat + %, x/20, x/100,
                 "Dictée : note 15/20", report cards ("Report card: Term 2", "Bulletin de la 2e
                 étape", "Bulletin du 1er trimestre"), grade sheets "Nom | Groupe | Note"
  personal-info  North American and French phone numbers (labelled or not), e-mail addresses, street
                 addresses (+ city and postal code), dates of birth after a birth word (Né le,
                 Date de naissance, DOB, Born), card numbers passing Luhn, Canadian SIN passing
                 Luhn (NAS), US SSN; contact tables
  confidential   CONFIDENTIAL / Confidentiel, IEP, plan d'intervention, PAI, allergies, EpiPen,
                 diagnoses (ADHD/TDAH, dyslexia), asthma; allergy tables
  student-name   a roster full name alone (tags, desk labels) or in "Student of the week: ...",
                 "Bravo ... !", "Responsable du jour : ...", two names in a team line, one name in a
                 table of jobs or presentation times

Fonts (Pango): Liberation Sans/Serif/Mono, DejaVu Sans/Serif (and Condensed, Mono), Carlito,
Nimbus Sans/Roman/Sans Narrow/Mono PS, C059, P052, Open Sans (Light, Semi-Bold, Bold, Extra-Bold,
Condensed), URW Bookman, URW Gothic, Z003 (script, only at capitals of 26 px and more).

Manifest columns (tab-separated): file, expected_rules (rule id, empty for negatives), text (the
sensitive lines, for negatives the main lines, joined by " | "), font (Pango description of the
sensitive text), cap_px (capital height of that text in the final image, perspective included),
angle (degrees, counter-clockwise, of that text in the image), keystone (short description of the
perspective: "h+0.12" = top edge 12% narrower, "h-" bottom edge, "v+0.10" = right edge 10% shorter,
"v-" left edge; "curl" when the sheet is bent; "motion=Lpx@Adeg" when a motion blur was added; empty
when flat), dark (1 = light text on a dark ground), blur (gaussian sigma, 0.0 = none), noise (sigma,
0.0 = none), quality (JPEG), background (photo, relative to the people folder), box (x0,y0,x1,y1 of
the scene element carrying the text: the sheet, the board, the tag, the screen, the card), distractor
(the scene kind: sheet, board, tags, screen or poster).

Needs python3 + numpy and the `vips` command-line tool (text rendered by Pango and fontconfig).
"""

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # leave no __pycache__ next to the scripts
sys.path.insert(0, HERE)
from pnm import read_pnm  # noqa: E402

# The photos behind the scenes: the shared corpus's people folder (`--corpus` names the corpus).
PEOPLE = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpus", "people"))
RULES = ["text.student-id", "text.grade", "text.personal-info", "text.confidential", "text.student-name"]
KINDS = ["sheet", "board", "tags", "screen", "poster"]
SHARE = {"sheet": 0.30, "board": 0.20, "tags": 0.20, "screen": 0.15, "poster": 0.15}
CANVASES = [(4032, 3024), (3264, 2448)]
HEADER = ["file", "expected_rules", "text", "font", "cap_px", "angle", "keystone", "dark", "blur",
          "noise", "quality", "background", "box", "distractor"]

# ---------------------------------------------------------------------------------------------
# fonts (Pango descriptions "Family, Style"; a trailing comma = regular)

SHEET_FONTS = ["Liberation Sans,", "Liberation Serif,", "DejaVu Sans,", "DejaVu Serif,", "Carlito,",
               "Nimbus Sans,", "Nimbus Roman,", "C059,", "P052,", "Open Sans,", "URW Bookman, Light",
               "Liberation Mono,", "DejaVu Sans, Condensed", "Nimbus Sans Narrow,"]
BOLD_OF = {"Liberation Sans,": "Liberation Sans, Bold", "Liberation Serif,": "Liberation Serif, Bold",
           "DejaVu Sans,": "DejaVu Sans, Bold", "DejaVu Serif,": "DejaVu Serif, Bold",
           "Carlito,": "Carlito, Bold", "Nimbus Sans,": "Nimbus Sans, Bold",
           "Nimbus Roman,": "Nimbus Roman, Bold", "C059,": "C059, Bold", "P052,": "P052, Bold",
           "Open Sans,": "Open Sans, Bold", "URW Bookman, Light": "URW Bookman, Demi-Bold",
           "Liberation Mono,": "Liberation Mono, Bold", "DejaVu Sans, Condensed": "DejaVu Sans, Condensed Bold",
           "Nimbus Sans Narrow,": "Nimbus Sans Narrow, Bold"}
PEN_FONTS = ["URW Gothic,", "Z003,", "Open Sans Condensed, Light", "Nimbus Sans Narrow,", "Carlito, Italic"]
HAND_FONTS = ["URW Gothic,", "URW Gothic, Demi-Bold", "Open Sans, Semi-Bold", "Open Sans Condensed, Light",
              "Nimbus Sans Narrow,", "DejaVu Sans, Condensed", "Carlito,", "Z003,"]
THIN_FONTS = {"Open Sans Condensed, Light", "Z003,", "URW Gothic,", "Nimbus Sans Narrow,", "Carlito,",
              "Carlito, Italic", "Open Sans, Light"}
TAG_FONTS = ["Open Sans, Extra-Bold", "Liberation Sans, Bold", "URW Gothic, Demi-Bold",
             "Nimbus Sans Narrow, Bold", "DejaVu Sans, Bold", "Carlito, Bold", "C059, Bold", "Open Sans, Semi-Bold"]
SCREEN_FONTS = ["Open Sans,", "Carlito,", "DejaVu Sans,", "Liberation Sans,", "Nimbus Sans,",
                "DejaVu Sans Mono,", "Open Sans, Semi-Bold", "Open Sans, Light"]
POSTER_FONTS = ["URW Bookman, Demi-Bold", "C059, Bold", "P052, Bold", "URW Gothic, Demi-Bold",
                "Open Sans, Extra-Bold", "Z003,", "Nimbus Sans, Bold", "Liberation Serif, Bold Italic",
                "Open Sans Condensed, Bold", "DejaVu Serif, Bold"]
ALL_FONTS = sorted(set(SHEET_FONTS) | set(BOLD_OF.values()) | set(PEN_FONTS) | set(HAND_FONTS)
                   | set(TAG_FONTS) | set(SCREEN_FONTS) | set(POSTER_FONTS))


def font_name(desc):
    return desc.rstrip(",").strip()


# ---------------------------------------------------------------------------------------------
# names

ROSTER_FIRST_F = ["Léa", "Emma", "Olivia", "Chloé", "Zoé", "Alice", "Florence", "Charlotte", "Rosalie",
                  "Maëlle", "Juliette", "Camille", "Noémie", "Sarah", "Ava", "Mia", "Sophie", "Amélie",
                  "Laurence", "Jade"]
ROSTER_FIRST_M = ["Noah", "Liam", "William", "Thomas", "Jacob", "Nathan", "Félix", "Louis", "Samuel",
                  "Gabriel", "Léo", "Olivier", "Raphaël", "Ethan", "Benjamin", "Édouard", "Mathis",
                  "Jayden", "Owen", "Lucas"]
ROSTER_LAST = ["Gagnon", "Tremblay", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné",
               "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard",
               "Simard", "Boucher", "Smith", "Brown", "Wilson", "Taylor", "Campbell", "MacDonald", "Martin",
               "Bernard", "Dubois", "Durand", "Lefebvre", "Moreau", "Nguyen", "Chen", "Haddad", "Diallo",
               "Petit"]
# names that are never on the roster (no first or last name shared with the lists above)
OTHER_FIRST_F = ["Béatrice", "Clara", "Océane", "Éloïse", "Marguerite", "Ariane", "Justine", "Mégane",
                 "Audrey", "Gabrielle", "Valérie", "Catherine", "Hannah", "Grace", "Ruby", "Isla", "Maya",
                 "Inès", "Lina", "Agathe"]
OTHER_FIRST_M = ["Zacharie", "Antoine", "Xavier", "Émile", "Alexis", "Vincent", "Hugo", "Maxime", "Adam",
                 "Elliot", "Isaac", "Victor", "Arthur", "Jules", "Charles", "Simon", "Tristan", "Malik",
                 "Henry", "Oscar"]
OTHER_LAST = ["Caron", "Cloutier", "Poirier", "Thibault", "Lapointe", "Mercier", "Renaud", "Brisson",
              "Desjardins", "Charbonneau", "Vachon", "Deschênes", "Harvey", "Turcotte", "Fontaine",
              "Rousseau", "Lambert", "Bonnet", "Garnier", "Faure", "Robinson", "Clarke", "Hughes", "Patel",
              "Kowalski", "Ramirez", "O'Brien", "Fraser", "Murphy", "Sato", "Perrin", "Chevalier"]
AUTHORS = {"en": ["Robert Munsch", "Roald Dahl", "Beverly Cleary", "Lucy Maud Montgomery", "Mo Willems"],
           "qc": ["Dominique Demers", "Gabrielle Roy", "Robert Munsch", "Marie-Francine Hébert", "Gilles Tibo"],
           "fr": ["Jacques Prévert", "Jean de La Fontaine", "Victor Hugo", "Roald Dahl", "Susie Morgenstern"]}
FAMOUS = {"en": ["Terry Fox", "Marie Curie", "Chris Hadfield", "Emily Carr", "Jane Goodall", "Alexander Graham Bell"],
          "qc": ["Julie Payette", "Jacques Cartier", "Terry Fox", "Maurice Richard", "Marie Curie"],
          "fr": ["Marie Curie", "Thomas Pesquet", "Simone Veil", "Louis Pasteur", "Jules Verne"]}


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def make_roster(seed):
    rng = np.random.default_rng([seed, 999_999])
    n = int(rng.integers(44, 57))
    seen, rows = set(), []
    groups = ["401", "402", "4B", "5A", "501", "502"]
    while len(rows) < n:
        girl = rng.random() < 0.5
        first = (ROSTER_FIRST_F if girl else ROSTER_FIRST_M)[int(rng.integers(20))]
        last = ROSTER_LAST[int(rng.integers(len(ROSTER_LAST)))]
        if (first, last) in seen:
            continue
        seen.add((first, last))
        rows.append((f"S{len(rows) + 1:03d}", f"{first} {last}", "student", groups[int(rng.integers(len(groups)))]))
    return rows


# ---------------------------------------------------------------------------------------------
# words and phrases

WEEKDAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            "qc": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
            "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre"]
SCHOOLS = {"en": ["Maple Grove Elementary", "Riverside Public School", "Lakeview Middle School",
                  "Westwood High School", "Cedar Park School"],
           "qc": ["École du Ruisseau", "École secondaire des Sommets", "École de la Clairière",
                  "École des Trois-Saisons", "École primaire des Bouleaux"],
           "fr": ["École élémentaire des Tilleuls", "Collège Jean-Moulin", "École Les Coquelicots",
                  "Lycée des Marronniers", "École du Centre"]}

FILLERS = {
    "en": ["Welcome back!", "Today's schedule", "Morning message", "Homework for {wd}", "Reading: chapter {ch}",
           "Math: pages {p}-{p1}", "Recess at {time}", "Room {room}", "{date}", "Please return by Friday",
           "Field trip to the science centre", "Bring a water bottle", "Library day is {wd}", "Spelling words",
           "Quiet work time", "Have a great weekend!", "Art club on {wd}", "Choir practice at {time}",
           "Science fair projects", "Indoor shoes, please", "Line up at the door", "Gym: wear sneakers",
           "Picture day is coming!", "Tidy up your desk", "Book fair in the library", "Parent-teacher night",
           "Be kind. Be safe. Be ready.", "Healthy snacks only", "Sign and return", "Thank you!",
           "Lost and found", "Hats off indoors", "Walk, don't run", "Learning goals",
           "Reading buddies at {time}", "Don't forget your agenda", "Music: bring your recorder",
           "Show and tell on {wd}"],
    "qc": ["Bon retour !", "Horaire de la journée", "Message du matin", "Devoirs pour {wd}",
           "Lecture : chapitre {ch}", "Maths : pages {p} et {p1}", "Récréation à {time}", "Local {room}",
           "{date}", "À remettre vendredi", "Sortie au Biodôme", "Apporte ta bouteille d'eau",
           "Bibliothèque le {wd}", "Mots de vocabulaire", "Travail en silence", "Bonne fin de semaine !",
           "Club d'échecs le {wd}", "Chorale à {time}", "Expo-sciences", "Souliers d'intérieur, s.v.p.",
           "On se place en rang", "Éducation physique : espadrilles", "Journée photo bientôt !",
           "Range ton pupitre", "Foire du livre à la bibliothèque", "Rencontre de parents",
           "Respect, entraide, persévérance", "Collation santé", "Signer et retourner", "Merci !",
           "Objets perdus", "Service de garde", "On marche dans les corridors", "Intentions pédagogiques",
           "Lecture en dyade à {time}", "N'oublie pas ton agenda", "Musique : apporte ta flûte",
           "Causerie le {wd}"],
    "fr": ["Bonne rentrée !", "Emploi du temps", "Devoirs pour {wd}", "Lecture : chapitre {ch}",
           "Maths : pages {p} et {p1}", "Récréation à {time}", "Salle {room}", "{date}", "À rendre vendredi",
           "Sortie au musée", "Pense à ta gourde", "CDI ouvert le {wd}", "Mots à apprendre",
           "Travail en autonomie", "Bon week-end !", "Club théâtre le {wd}", "Chorale à {time}",
           "Fête de la science", "Chaussons obligatoires", "Rangez vos affaires", "EPS : prévoir des baskets",
           "Photo de classe bientôt", "Menu de la cantine", "Réunion parents-professeurs",
           "Cahier de liaison à signer", "Merci !", "Objets trouvés", "Accueil périscolaire",
           "On marche dans les couloirs", "Objectifs de la séance", "Lecture à deux à {time}",
           "N'oublie pas ton cahier de textes", "Musique : apporte ta flûte", "Quoi de neuf ? le {wd}"],
}
# short fillers for small cards
SHORT = {"en": ["Welcome!", "Room {room}", "Thank you!", "Go team!", "Read every day", "Be kind",
                "Library: {wd}", "Recess {time}", "Quiet please", "Great work!", "Art club", "Music room"],
         "qc": ["Bienvenue !", "Local {room}", "Merci !", "Go l'équipe !", "Je lis chaque jour", "Sois gentil",
                "Biblio : {wd}", "Récré {time}", "Silence, s.v.p.", "Beau travail !", "Club d'art",
                "Local de musique"],
         "fr": ["Bienvenue !", "Salle {room}", "Merci !", "Allez l'équipe !", "Je lis tous les jours",
                "Soyons polis", "CDI : {wd}", "Récré {time}", "Silence !", "Beau travail !", "Atelier d'art",
                "Salle de musique"]}

TITLES = {
    "en": ["Class Newsletter", "Weekly Plan", "Science Project", "Math Worksheet", "Reading Log",
           "Sign-up Sheet", "Spring Concert", "Library News", "Field Trip Information", "Classroom Rules"],
    "qc": ["Info-parents", "Planification de la semaine", "Projet de sciences", "Feuille d'exercices",
           "Carnet de lecture", "Feuille d'inscription", "Concert du printemps", "Nouvelles de la bibliothèque",
           "Sortie éducative", "Règles de vie de la classe"],
    "fr": ["Mot aux familles", "Programme de la semaine", "Exposé de sciences", "Exercices de maths",
           "Carnet de lecture", "Coupon d'inscription", "Fête de fin d'année", "Nouvelles du CDI",
           "Sortie scolaire", "Règles de vie de la classe"],
}
RULE_TITLES = {
    "text.student-id": {"en": ["Library Card Application", "Student Registration", "Bus Pass Request",
                               "Computer Lab Login"],
                        "qc": ["Demande de carte de bibliothèque", "Inscription", "Laissez-passer d'autobus",
                               "Accès au laboratoire informatique"],
                        "fr": ["Inscription à la cantine", "Carte de bibliothèque", "Inscription au CDI",
                               "Accès à la salle informatique"]},
    "text.grade": {"en": ["Math Test", "Spelling Quiz", "Unit 3 Test", "Science Lab"],
                   "qc": ["Évaluation de mathématiques", "Dictée", "Examen de sciences", "Situation d'écriture"],
                   "fr": ["Contrôle de mathématiques", "Dictée", "Évaluation de sciences", "Devoir surveillé"]},
    "text.personal-info": {"en": ["Emergency Contact Form", "Field Trip Form", "Registration Form",
                                  "Volunteer Sign-up"],
                           "qc": ["Formulaire d'urgence", "Autorisation de sortie", "Formulaire d'inscription",
                                  "Bénévoles recherchés"],
                           "fr": ["Coupon-réponse", "Autorisation de sortie", "Dossier d'inscription",
                                  "Appel aux parents bénévoles"]},
    "text.confidential": {"en": ["Student Support Plan", "Health Information", "Meeting Summary"],
                          "qc": ["Suivi de l'élève", "Renseignements santé", "Compte rendu de rencontre"],
                          "fr": ["Suivi de l'élève", "Informations médicales", "Compte rendu de réunion"]},
    "text.student-name": {"en": ["Class List", "Reading Groups", "Classroom Jobs"],
                          "qc": ["Liste de la classe", "Équipes de lecture", "Responsabilités de la semaine"],
                          "fr": ["Liste de la classe", "Groupes de lecture", "Métiers de la classe"]},
}

# hard negatives: text that looks like a rule's business but must not be flagged
NEG = {
    "text.student-id": {
        "en": ["Room {room}", "Locker {n3}", "Bus {n2} leaves at {time}", "Page {p}", "Chapter {ch}",
               "Exercises 1-12, page {p}", "Table {n1}", "Desk {n2}", "Jersey #{n2}", "Call no. {dewey} {AAA}",
               "FIC {AAA}", "Raffle ticket no. {n4}", "Gate {n1}", "Row {n1}, seat {n2}", "Lunch table {n1}",
               "Lab station {n1}"],
        "qc": ["Local {room}", "Casier {n3}", "Autobus {n2} : départ à {time}", "Page {p}", "Chapitre {ch}",
               "Exercices 1 à 12, page {p}", "Table {n1}", "Pupitre {n2}", "Chandail no {n2}",
               "Cote : {dewey} {AAA}", "Billet de tirage no {n4}", "Porte {n1}", "Rangée {n1}, siège {n2}",
               "Groupe {grp}", "Poste de travail {n1}"],
        "fr": ["Salle {room}", "Casier {n3}", "Car n° {n2} : départ à {time}", "Page {p}", "Chapitre {ch}",
               "Exercices 1 à 12 page {p}", "Table {n1}", "Maillot n° {n2}", "Cote : {dewey} {AAA}",
               "Ticket de tombola n° {n4}", "Bâtiment B, porte {n1}", "Rang {n1}, place {n2}", "Atelier {n1}"]},
    "text.grade": {
        "en": ["Grade {g}", "Grade {g} Math", "Welcome, Grade {g} families!", "Kindergarten and Grade 1",
               "Note: bring your boots", "Note to parents", "Mark your calendars!", "Final score: {a} - {b}",
               "Home {a}, Visitors {b}", "Sale: {pcn}% off", "{pcn}% of our goal reached!", "Slide {sl}/20",
               "Grade {g} spring concert", "Top scorer: #{n2}"],
        "qc": ["{g}e année", "1re année", "Secondaire {s}", "{s}e secondaire", "Maternelle 5 ans",
               "Note : apportez vos bottes", "Note aux parents", "À noter à l'agenda", "Pointage final : {a} à {b}",
               "Lynx {a}, Aigles {b}", "Rabais de {pcn} %", "Objectif atteint à {pcn} % !", "Diapo {sl}/20",
               "Classes de {g}e année", "Marqueur du match : no {n2}"],
        "fr": ["CM2", "CE1 et CE2", "Classe de 6e B", "Classe de 3e", "Seconde 4", "Note : prévoir des bottes",
               "Note aux familles", "Score final : {a} à {b}", "Soldes : -{pcn} %", "Diapo {sl}/20",
               "Objectif : {pcn} % de participation", "Classes de CM1", "Tournoi de hand : {a} - {b}"]},
    "text.personal-info": {
        "en": ["Concert: Thursday, June {d} at 7 pm", "Spring show on May {d} at 6:30", "Field trip on {iso}",
               "Picture day: October {d}", "Pizza lunch $3.50", "Tickets: $5, family $15", "Class of {year}",
               "Established {est}", "School hours: 8:15 to 3:30", "Open house 6:30 to 8:00 pm",
               "5 km fun run at 9:00 am", "Week of March {d} to {d4}", "Bake sale: cookies $1",
               "Book fair: books from $4.99", "Temperature today: {t} °C"],
        "qc": ["Concert le jeudi {d} juin à 19 h", "Spectacle le {d} mai à 18 h 30", "Sortie le {iso}",
               "Journée photo : {d} octobre", "Dîner pizza : 3,50 $", "Billets : 5 $, famille 15 $",
               "Finissants {year}", "Fondée en {est}", "Horaire : 8 h 15 à 15 h 30",
               "Portes ouvertes de 18 h 30 à 20 h", "Course de 5 km à 9 h", "Semaine du {d} au {d4} mars",
               "Vente de pâtisseries : 1 $", "Température : {t} °C"],
        "fr": ["Kermesse samedi {d} juin à 14 h", "Spectacle le {d}/06 à 18 h 30", "Sortie le {frdate}",
               "Photo de classe : {d} octobre", "Vente de gâteaux : 1,50 €", "Tombola : 2 € le ticket",
               "Promo {year}", "Fondé en {est}", "Horaires : 8 h 30 – 16 h 30", "Portes ouvertes de 9 h à 12 h",
               "Cross du collège à 10 h", "Semaine du {d} au {d4} mars", "Cantine : 3,20 € le repas"]},
    "text.confidential": {
        "en": ["Seating plan", "Game plan", "Floor plan: 2nd floor", "Fire drill procedure",
               "Pajama day on Friday", "Today's menu: chili and rice", "Fruit of the week: apples",
               "Wash your hands", "Lost and found", "Crossing guard on duty", "Book return", "Quiet zone",
               "Recycling: paper only", "Reading corner"],
        "qc": ["Plan de classe", "Plan de match", "Plan du 2e étage", "Consignes d'évacuation",
               "Journée pyjama vendredi", "Menu : pâté chinois", "Fruit de la semaine : pommes", "Lavez vos mains",
               "Objets perdus", "Brigadier scolaire", "Retour des livres", "Zone calme",
               "Recyclage : papier seulement", "Coin lecture"],
        "fr": ["Plan de table", "Plan d'évacuation", "Plan du collège", "Exercice incendie", "Carnaval vendredi",
               "Menu : hachis parmentier", "Fruit de la semaine : poires", "Lavez-vous les mains", "Objets trouvés",
               "Retour des livres au CDI", "Coin lecture", "Tri sélectif : papier", "Menu de la cantine"]},
    "text.student-name": {
        "en": ["Author of the month: {author}", "Mrs. {olast}'s class", "Mr. {olast}, Phys. Ed.",
               "Welcome, {oname}!", "Guest speaker: {oname}", "Terry Fox Run {year}", "{famous}",
               "Star of the week: {oname}", "Coach {olast}"],
        "qc": ["Auteur du mois : {author}", "Classe de Mme {olast}", "M. {olast}, éducation physique",
               "Bienvenue à {oname} !", "Invitée : {oname}", "Course Terry Fox {year}", "{famous}",
               "Élève de la semaine : {oname}", "Entraîneur : M. {olast}"],
        "fr": ["Poème de Jacques Prévert", "Fable de Jean de La Fontaine", "Classe de M. {olast}",
               "Mme {olast}, professeure principale", "Bienvenue à {oname} !", "Auteur du mois : {author}",
               "{famous}", "Délégué de classe : {oname}", "Intervenant : {oname}"]},
}
BOOKS_BY = [("Robert Munsch", "The Paper Bag Princess"), ("Roald Dahl", "Matilda"),
            ("Gabrielle Roy", "Bonheur d'occasion"), ("Lucy Maud Montgomery", "Anne of Green Gables"),
            ("Jacques Prévert", "Paroles"), ("Victor Hugo", "Les Misérables"), ("Beverly Cleary", "Ramona the Pest"),
            ("Mo Willems", "Knuffle Bunny"), ("Jean de La Fontaine", "Fables"), ("Susie Morgenstern", "La Sixième"),
            ("Antoine de Saint-Exupéry", "Le Petit Prince"), ("Louis Sachar", "Holes")]
BOOKS = ["Le Petit Prince", "Matilda", "The Paper Bag Princess", "Anne of Green Gables", "Le Survenant",
         "Wonder", "Holes", "Le Hobbit", "Bonheur d'occasion", "L'Enfant et la rivière"]
DEWEY = ["843.912", "599.75", "523.4", "971.4", "796.33", "808.1", "551.5", "636.7"]
MENU = {"en": ["Spaghetti", "Chicken wraps", "Vegetable soup", "Fish tacos", "Pizza", "Mac and cheese"],
        "qc": ["Pâté chinois", "Spaghetti", "Soupe aux légumes", "Pizza", "Wrap au poulet", "Macaroni"],
        "fr": ["Hachis parmentier", "Poisson pané", "Lasagnes", "Couscous", "Gratin de pâtes", "Quiche"]}
TEAMS = {"en": ["Lions", "Eagles", "Sharks", "Wolves", "Hawks"], "qc": ["Lynx", "Aigles", "Castors", "Harfangs", "Huskies"],
         "fr": ["Lions", "Aigles", "Dauphins", "Loups", "Ours"]}
SUBJECTS = {"en": ["Reading", "Math", "Science", "Gym", "Music", "Art", "French"],
            "qc": ["Français", "Maths", "Sciences", "Éduc. physique", "Musique", "Arts", "Anglais"],
            "fr": ["Français", "Maths", "Sciences", "EPS", "Musique", "Arts plastiques", "Anglais"]}


class Say:
    """Random words of one language (en, qc = Quebec French, fr = France French)."""

    def __init__(self, rng, lang, roster):
        self.rng, self.lang, self.roster = rng, lang, roster

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def n(self, a, b):
        return int(self.rng.integers(a, b + 1))

    def chance(self, p):
        return self.rng.random() < p

    def digits(self, k):
        return str(self.n(1, 9)) + "".join(str(self.n(0, 9)) for _ in range(k - 1))

    def weekday(self):
        return self.pick(WEEKDAYS[self.lang])

    def date(self):
        d, m = self.n(1, 28), self.n(0, 11)
        wd = self.weekday()
        if self.lang == "en":
            return f"{wd}, {MONTHS_EN[m]} {d}"
        return f"{wd.capitalize()} {d} {MONTHS_FR[m]}"

    def time(self):
        h, mm = self.n(8, 15), self.pick(["00", "15", "30", "45"])
        if self.lang == "en":
            return f"{h if h <= 12 else h - 12}:{mm}"
        return f"{h} h {mm}" if mm != "00" else f"{h} h"

    def room(self):
        return self.pick([str(self.n(101, 330)), f"B-{self.n(101, 230)}", str(self.n(1, 40))])

    def other_first(self):
        return self.pick(OTHER_FIRST_F + OTHER_FIRST_M)

    def other_last(self):
        return self.pick(OTHER_LAST)

    def other_name(self):
        return f"{self.other_first()} {self.other_last()}"

    def roster_name(self):
        return self.pick(self.roster)[1]

    def pct(self, v):
        if self.lang == "en":
            return f"{v}%"
        return f"{v} %" if self.chance(0.75) else f"{v}%"

    def values(self):
        d = self.n(1, 24)
        y = self.n(2024, 2026)
        mo = self.n(1, 12)
        return dict(wd=self.weekday(), date=self.date(), time=self.time(), room=self.room(), ch=self.n(1, 14),
                    p=(p := self.n(5, 180)), p1=p + 1, n1=self.n(1, 9), n2=self.n(2, 99), n3=self.n(100, 480),
                    n4=f"{self.n(1, 9999):04d}", grp=self.pick(["402", "501", "4B", "5A", "601"]),
                    dewey=self.pick(DEWEY), AAA=strip_accents(self.other_last())[:3].upper(),
                    g=self.n(1, 12), s=self.n(1, 5), a=self.n(0, 30), b=self.n(0, 30), pcn=self.n(10, 75), sl=self.n(2, 20),
                    d=d, d4=d + 4, iso=f"{y}-{mo:02d}-{d:02d}", frdate=f"{d:02d}/{mo:02d}/{y}",
                    year=self.n(2024, 2030), est=self.n(1950, 1995), t=self.n(-12, 28),
                    famous=self.pick(FAMOUS[self.lang]), author=self.pick(AUTHORS[self.lang]), olast=self.other_last(), oname=self.other_name())

    def fill(self, template):
        return template.format(**self.values())

    def fillers(self, k, short=False):
        pool = list((SHORT if short else FILLERS)[self.lang])
        out = []
        for i in self.rng.permutation(len(pool))[:k]:
            out.append(self.fill(pool[int(i)]))
        return out

    def school(self):
        return self.pick(SCHOOLS[self.lang])


class UniqueNames:
    """A Say whose other_name() and roster_name() never repeat (for lists and tables)."""

    def __init__(self, S):
        self._S, self._seen = S, set()

    def __getattr__(self, name):
        return getattr(self._S, name)

    def _unique(self, draw):
        for _ in range(50):
            n = draw()
            if n not in self._seen:
                break
        self._seen.add(n)
        return n

    def other_name(self):
        return self._unique(self._S.other_name)

    def other_last(self):
        return self._unique(self._S.other_last)

    def roster_name(self):
        return self._unique(self._S.roster_name)


def luhn_complete(prefix_digits):
    """The digit that makes prefix+digit pass Luhn."""
    total = 0
    for i, ch in enumerate(reversed(prefix_digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def permanent_code(S):
    girl = S.chance(0.5)
    first = S.pick(OTHER_FIRST_F if girl else OTHER_FIRST_M)
    last = strip_accents(S.other_last()).upper().replace("'", "")
    letters = (last[:3] + strip_accents(first)[0].upper())
    day, month, year = S.n(1, 28), S.n(1, 12) + (50 if girl else 0), S.n(8, 19)
    code = f"{letters}{day:02d}{month:02d}{year:02d}{S.n(1, 99):02d}"
    if S.chance(0.4):
        code = f"{code[:4]} {code[4:8]} {code[8:]}"
    return code


def fact_student_id(S, ctx):
    n7 = S.digits(S.pick([6, 7, 7, 8]))
    if S.lang == "en":
        lines = [f"Student ID: {n7}", f"STUDENT ID {n7}", f"Student ID # {n7}", f"ID #: {n7}", f"ID# {n7}",
                 f"Student ID No. {n7}", f"Student ID number: {n7}"]
        if ctx in ("sheet", "tags", "screen") and S.chance(0.15):
            return ["Student ID", n7]
        return [S.pick(lines)]
    lines = [f"No d'élève : {n7}", f"N° d'élève : {n7}", f"Numéro d'élève : {n7}", f"Matricule : {n7}",
             f"MATRICULE {n7}", f"No de fiche : {n7}", f"Fiche : {n7}"]
    if S.lang == "qc":
        r = S.rng.random()
        if r < 0.25:
            return [f"Code permanent : {permanent_code(S)}"]
        if r < 0.35 and ctx in ("sheet", "tags", "screen"):
            return [permanent_code(S)]
        if r < 0.45 and ctx in ("sheet", "tags"):
            return ["No d'élève", n7]
        return [S.pick(lines)]
    return [S.pick(lines[:5] + [f"N° élève : {n7}"])]


LETTERS = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "D"]


def fact_grade(S, ctx):
    x20, x100, pc = S.n(6, 20), S.n(45, 100), S.n(52, 100)
    yr = S.n(2023, 2025)
    if S.lang == "en":
        lines = [f"Grade: {S.pick(LETTERS)}", f"Final grade: {S.pick(LETTERS)}", f"Score: {pc}%",
                 f"Score: {x20}/20", f"Your score: {x100}/100", f"Mark: {pc}%", f"Final mark: {x100}/100",
                 f"Math test grade: {S.pick(LETTERS)}", f"Spelling test score: {x20}/20",
                 f"Report card: Term {S.n(1, 3)}", f"REPORT CARD {yr}-{yr + 1}"]
    elif S.lang == "qc":
        lines = [f"Note : {x20}/20", f"Note finale : {S.pct(pc)}", f"Résultat : {S.pct(pc)}",
                 f"Résultat : {x100}/100", f"Note de l'examen : {x100}/100", f"Note obtenue : {x20}/20",
                 f"Dictée : note {x20}/20", f"Bulletin de la {S.pick(['1re', '2e', '3e'])} étape",
                 f"Bulletin scolaire {yr}-{yr + 1}", f"Résultat final : {S.pct(pc)}"]
    else:
        half = S.pick(["", ",5"]) if x20 < 20 else ""
        lines = [f"Note : {x20}{half}/20", f"Contrôle de maths, note : {x20}/20", f"Résultat : {S.pct(pc)}",
                 f"Bulletin du {S.pick(['1er', '2e', '3e'])} trimestre", f"Bulletin scolaire {yr}-{yr + 1}",
                 f"Note finale : {x20}{half}/20", f"Note de la dictée : {x20}/20"]
    out = [S.pick(lines)]
    if ctx in ("sheet", "board", "screen") and S.chance(0.2):
        extra = {"en": f"Score: {S.n(6, 20)}/20", "qc": f"Note : {S.n(6, 20)}/20",
                 "fr": f"Note : {S.n(6, 20)}/20"}[S.lang]
        if extra != out[0]:
            out.append(extra)
    return out


AREA_QC = ["514", "438", "450", "418", "581", "819", "873"]
AREA_CA = ["613", "416", "647", "905", "604", "780", "902"]


def phone_na(S):
    area = S.pick(AREA_QC + AREA_CA)
    ex = S.pick(["555", str(S.n(201, 989))])
    last = f"{S.n(0, 9999):04d}"
    fmt = S.pick(["({a}) {e}-{l}", "{a}-{e}-{l}", "{a}.{e}.{l}", "{a} {e}-{l}", "+1 {a} {e} {l}",
                  "1-{a}-{e}-{l}"])
    return fmt.format(a=area, e=ex, l=last)


def phone_fr(S):
    first = S.pick(["06", "07", "01", "02", "03", "04", "05", "09"])
    rest = [f"{S.n(10, 99)}" for _ in range(4)]
    r = S.rng.random()
    if r < 0.55:
        return " ".join([first] + rest)
    if r < 0.75:
        return ".".join([first] + rest)
    return "+33 " + first[1] + " " + " ".join(rest)


def email(S):
    first, last = strip_accents(S.other_first()).lower(), strip_accents(S.other_last()).lower().replace("'", "")
    dom = {"en": ["gmail.com", "hotmail.com", "outlook.com", "yahoo.ca", "rogers.com"],
           "qc": ["videotron.ca", "gmail.com", "hotmail.com", "sympatico.ca", "outlook.com"],
           "fr": ["orange.fr", "free.fr", "gmail.com", "laposte.net", "sfr.fr"]}[S.lang]
    user = S.pick([f"{first}.{last}", f"{first[0]}{last}", f"{first}{S.n(1, 99)}", f"maman.{last}",
                   f"{last}.famille", f"{first}_{last}"])
    return f"{user}@{S.pick(dom)}"


def address(S):
    num = S.n(3, 9800)
    if S.lang == "en":
        street = S.pick(["Maple Street", "Oak Avenue", "King Street West", "Birch Crescent", "Lakeshore Road",
                         "Elm Drive"])
        line = f"{num} {street}"
        city = S.pick(["Ottawa, ON K1S 2B4", "Toronto, ON M4C 1A1", "Halifax, NS B3H 2Y9", "Burlington, VT 05401"])
    elif S.lang == "qc":
        street = S.pick(["rue Saint-Denis", "avenue des Érables", "boulevard Laurier", "rue Principale",
                         "chemin du Lac", "rue des Pins"])
        line = f"{num}, {street}"
        city = S.pick(["Montréal (Québec) H2X 3K4", "Québec (Québec) G1R 4P5", "Laval (Québec) H7N 2Z1",
                       "Sherbrooke (Québec) J1H 5N4"])
    else:
        num = S.n(1, 120)
        street = S.pick(["rue des Lilas", "avenue Jean-Jaurès", "boulevard Victor-Hugo", "impasse des Roses",
                         "place de la Mairie", "rue de la République"])
        line = f"{num} {street}"
        city = S.pick(["69003 Lyon", "75011 Paris", "31000 Toulouse", "44000 Nantes", "67000 Strasbourg"])
    return line, city


def dob(S):
    y, m, d = S.n(2008, 2019), S.n(1, 12), S.n(1, 28)
    if S.lang == "en":
        return S.pick([f"Date of birth: {y}-{m:02d}-{d:02d}", f"DOB: {m:02d}/{d:02d}/{y}",
                       f"Born: {MONTHS_EN[m - 1]} {d}, {y}", f"Birth date: {d:02d}/{m:02d}/{y}",
                       f"Date of birth: {MONTHS_EN[m - 1]} {d}, {y}"])
    if S.lang == "qc":
        return S.pick([f"Date de naissance : {y}-{m:02d}-{d:02d}", f"Né le {d} {MONTHS_FR[m - 1]} {y}",
                       f"Née le {d} {MONTHS_FR[m - 1]} {y}", f"Date de naiss. : {d:02d}/{m:02d}/{y}",
                       f"Naissance : {y}-{m:02d}-{d:02d}"])
    return S.pick([f"Date de naissance : {d:02d}/{m:02d}/{y}", f"Né le {d:02d}/{m:02d}/{y}",
                   f"Née le {d} {MONTHS_FR[m - 1]} {y}", f"Naissance : {d:02d}/{m:02d}/{y}"])


def card_number(S):
    first = S.pick(["4", "5", "4", "37"])
    length = 15 if first == "37" else 16
    body = first + "".join(str(S.n(0, 9)) for _ in range(length - 1 - len(first)))
    num = body + luhn_complete(body)
    if length == 16:
        return " ".join(num[i:i + 4] for i in range(0, 16, 4))
    return f"{num[:4]} {num[4:10]} {num[10:]}"


def sin_number(S):
    body = S.pick(["1", "2", "3", "4", "5", "6", "7", "9"]) + "".join(str(S.n(0, 9)) for _ in range(7))
    num = body + luhn_complete(body)
    sep = S.pick([" ", "-", " "])
    return sep.join([num[:3], num[3:6], num[6:]])


def ssn(S):
    area = S.n(1, 899)
    while area == 666:
        area = S.n(1, 899)
    return f"{area:03d}-{S.n(1, 99):02d}-{S.n(1, 9999):04d}"


def fact_personal(S, ctx):
    r = S.rng.random()
    en, lang = S.lang == "en", S.lang
    if r < 0.30:
        ph = phone_fr(S) if lang == "fr" else phone_na(S)
        lab = S.pick({"en": ["Phone: ", "Cell: ", "Call me! ", "Mom: ", "Dad's cell: ", "Emergency: ", "Tel. "],
                      "qc": ["Tél. : ", "Cell. : ", "Maman : ", "Papa : ", "En cas d'urgence : ", "Appelle-moi : ", ""],
                      "fr": ["Tél. : ", "Portable : ", "Maman : ", "Papa : ", "En cas d'urgence : ", "Tél : ", ""]}[lang])
        return [lab + ph]
    if r < 0.50:
        lab = S.pick({"en": ["Email: ", "E-mail: ", "Contact: ", "Write to us: ", ""],
                      "qc": ["Courriel : ", "Courriel des parents : ", "Écrivez-moi : ", ""],
                      "fr": ["E-mail : ", "Mail : ", "Adresse e-mail : ", "Contact : ", ""]}[lang])
        return [lab + email(S)]
    if r < 0.68:
        line, city = address(S)
        lab = S.pick({"en": ["Address: ", "Home: ", ""], "qc": ["Adresse : ", ""], "fr": ["Adresse : ", "Domicile : ", ""]}[lang])
        return [lab + line, city] if (ctx != "tags" or S.chance(0.5)) else [lab + line]
    if r < 0.84:
        return [dob(S)]
    if r < 0.92:
        lab = S.pick({"en": ["Card no. ", "Visa ", "Credit card: "], "qc": ["No de carte : ", "Carte de crédit : ", "Visa "],
                      "fr": ["N° de carte : ", "Carte bancaire : ", "CB "]}[lang])
        return [lab + card_number(S)]
    if en and S.chance(0.5):
        return [S.pick(["SSN: ", "Social Security No. ", "SSN "]) + ssn(S)]
    lab = S.pick(["NAS : ", "No d'assurance sociale : ", "NAS "] if lang != "en" else ["SIN: ", "SIN ", "Social insurance no. "])
    return [lab + sin_number(S)]


def fact_confidential(S, ctx):
    if S.lang == "en":
        lines = ["CONFIDENTIAL", "Confidential: do not post", "CONFIDENTIAL: student file",
                 f"IEP meeting {S.weekday()} at {S.time()}", "IEP goals: reading", "Allergy: peanuts",
                 "ALLERGY ALERT: tree nuts", "Severe allergy, EpiPen in backpack", "EpiPen in the office",
                 "Diagnosis: ADHD", "Diagnosis: dyslexia", "Medical: asthma, inhaler in bag"]
    elif S.lang == "qc":
        lines = ["CONFIDENTIEL", "Document confidentiel", "Confidentiel, ne pas afficher", "Plan d'intervention",
                 f"Rencontre plan d'intervention : {S.weekday()} {S.time()}", "Plan d'intervention : objectifs",
                 "Allergie : arachides", "Allergie sévère aux noix", "ÉpiPen dans le sac à dos",
                 "Épipen au secrétariat", "Diagnostic : TDAH", "Diagnostic : dyslexie", "Asthme : pompe dans le sac"]
    else:
        lines = ["CONFIDENTIEL", "Confidentiel", "PAI : allergie aux arachides", "Allergie : œufs et lait",
                 "Stylo EpiPen dans la trousse", "Diagnostic : dyslexie", "Diagnostic : TDAH",
                 "Dossier médical confidentiel", "Allergie au gluten"]
    return [S.pick(lines)]


def fact_name(S, ctx):
    a = S.roster_name()
    if ctx == "tags":
        return [a.upper() if S.chance(0.3) else a]
    if S.chance(0.15):
        b = S.roster_name()
        if b != a:
            j = {"en": "and", "qc": "et", "fr": "et"}[S.lang]
            lab = {"en": "Green team: ", "qc": "Équipe verte : ", "fr": "Équipe verte : "}[S.lang]
            return [f"{lab}{a} {j} {b}"]
    t = {"en": ["{n}", "Student of the week: {n}", "Star reader: {n}", "Happy birthday {n}!", "Helper of the day: {n}",
                "Welcome {n}!", "Team captain: {n}", "Great job, {n}!"],
         "qc": ["{n}", "Élève de la semaine : {n}", "Bravo {n} !", "Bon anniversaire {n} !", "Responsable du jour : {n}",
                "Bienvenue {n} !", "Capitaine : {n}", "Méritas : {n}"],
         "fr": ["{n}", "Bravo {n} !", "Joyeux anniversaire {n} !", "Délégué de classe : {n}",
                "Responsable du jour : {n}", "Bienvenue {n} !"]}[S.lang]
    return [S.pick(t).format(n=a)]


FACTS = {"text.student-id": fact_student_id, "text.grade": fact_grade, "text.personal-info": fact_personal,
         "text.confidential": fact_confidential, "text.student-name": fact_name}


def main_lines(rule, positive, S, ctx):
    """The lines the photo is about: the fact (positives) or a themed harmless text (negatives)."""
    if positive:
        return FACTS[rule](S, ctx)
    if rule == "text.student-name" and ctx == "tags":
        title = {"en": ["Mrs.", "Mr.", "Coach"], "qc": ["Mme", "M."], "fr": ["Mme", "M."]}[S.lang]
        return [S.pick([S.other_name(), S.other_name(), S.other_name().upper(), f"{S.pick(title)} {S.other_last()}"])]
    pool = NEG[rule][S.lang]
    first = S.fill(S.pick(pool))
    if ctx not in ("tags",) and S.chance(0.35):
        second = S.fill(S.pick(pool))
        if second != first:
            return [first, second]
    return [first]


def table_spec(rule, positive, S):
    """(header, rows, main row indices) of a table sheet."""
    L = S.lang
    S = UniqueNames(S)
    rows, main = [], []
    k = S.n(3, 6)
    if positive and rule == "text.grade":
        head = {"en": S.pick([["Name", "Class", "Score"], ["Student", "Grade"], ["Name", "Mark"]]),
                "qc": S.pick([["Nom", "Groupe", "Note"], ["Élève", "Résultat"], ["Nom", "Note finale"]]),
                "fr": S.pick([["Nom", "Classe", "Note"], ["Élève", "Note /20"]])}[L]
        fmt = S.pick(["pc", "x20", "letter"] if L == "en" else ["pc", "x20"])
        for _ in range(k):
            mark = {"pc": S.pct(S.n(52, 99)), "x20": f"{S.n(7, 20)}/20", "letter": S.pick(LETTERS)}[fmt]
            if head[-1] == "Note /20":
                mark = f"{S.n(7, 19)},{S.pick(['0', '5'])}"
            rows.append([S.other_name()] + ([S.pick(["402", "4B", "501"])] if len(head) == 3 else []) + [mark])
        main = list(range(k))
    elif positive and rule == "text.student-id":
        head = {"en": [["Name", "Student ID"]], "qc": [["Nom", "Matricule"], ["Élève", "No d'élève"], ["Nom", "Code permanent"]],
                "fr": [["Nom", "N° d'élève"], ["Élève", "Matricule"]]}[L]
        head = S.pick(head)
        for _ in range(k):
            v = permanent_code(S).replace(" ", "") if head[1] == "Code permanent" else S.digits(7)
            rows.append([S.other_name(), v])
        main = list(range(k))
    elif positive and rule == "text.personal-info":
        head = {"en": [["Parent", "Phone"], ["Family", "Email"]], "qc": [["Parent", "Téléphone"], ["Famille", "Courriel"]],
                "fr": [["Parent", "Portable"], ["Famille", "E-mail"]]}[L]
        head = S.pick(head)
        k = S.n(2, 5)
        for _ in range(k):
            v = (phone_fr(S) if L == "fr" else phone_na(S)) if head[1] in ("Phone", "Téléphone", "Portable") else email(S)
            rows.append([S.other_name(), v])
        main = list(range(k))
    elif positive and rule == "text.confidential":
        head = {"en": ["Student", "Allergy", "Action"], "qc": ["Élève", "Allergie", "Mesure"],
                "fr": ["Élève", "Allergie", "Conduite à tenir"]}[L]
        al = {"en": ["Peanuts", "Tree nuts", "Bee stings", "Eggs", "Milk"], "qc": ["Arachides", "Noix", "Piqûres d'abeille", "Œufs", "Lait"],
              "fr": ["Arachides", "Fruits à coque", "Piqûres de guêpe", "Œufs", "Lait"]}[L]
        act = {"en": ["EpiPen", "Call 911", "Antihistamine"], "qc": ["ÉpiPen", "Appeler le 911", "Antihistaminique"],
               "fr": ["Stylo EpiPen", "Appeler le 15", "Antihistaminique"]}[L]
        k = S.n(2, 4)
        for _ in range(k):
            rows.append([S.other_name(), S.pick(al), S.pick(act)])
        main = list(range(k))
    elif positive and rule == "text.student-name":
        head = {"en": S.pick([["Time", "Presenter"], ["Job", "Student"]]),
                "qc": S.pick([["Heure", "Élève"], ["Tâche", "Responsable"]]),
                "fr": S.pick([["Heure", "Élève"], ["Métier", "Responsable"]])}[L]
        jobs = {"en": ["Line leader", "Plants", "Lights", "Library", "Paper", "Calendar"],
                "qc": ["Chef de rang", "Plantes", "Lumières", "Bibliothèque", "Papier", "Calendrier"],
                "fr": ["Chef de rang", "Plantes", "Lumières", "Bibliothèque", "Distribution", "Calendrier"]}[L]
        which = S.n(0, k - 1)
        for i in range(k):
            who = S.roster_name() if i == which else S.other_name()
            first = S.time() if head[0] in ("Time", "Heure") else jobs[i % len(jobs)]
            rows.append([first, who])
        main = [which]
    else:
        theme = rule
        if theme == "text.student-id":
            if S.chance(0.5):
                head = {"en": ["Title", "Call no."], "qc": ["Titre", "Cote"], "fr": ["Titre", "Cote"]}[L]
                rows = [[S.pick(BOOKS), f"{S.pick(DEWEY)} {strip_accents(S.other_last())[:3].upper()}"] for _ in range(k)]
            else:
                head = {"en": ["Activity", "Room"], "qc": ["Activité", "Local"], "fr": ["Atelier", "Salle"]}[L]
                acts = SUBJECTS[L]
                rows = [[acts[i % len(acts)], S.room()] for i in range(k)]
        elif theme == "text.grade":
            head = {"en": ["Team", "W", "L", "Pts"], "qc": ["Équipe", "V", "D", "Pts"], "fr": ["Équipe", "G", "P", "Pts"]}[L]
            teams = TEAMS[L]
            rows = []
            for i in range(min(k, len(teams))):
                w, l_ = S.n(0, 9), S.n(0, 9)
                rows.append([teams[i], str(w), str(l_), str(2 * w)])
        elif theme == "text.personal-info":
            head = {"en": ["Date", "Event"], "qc": ["Date", "Activité"], "fr": ["Date", "Événement"]}[L]
            ev = {"en": ["Picture day", "Book fair", "Field trip", "Concert", "Sports day", "Pizza lunch"],
                  "qc": ["Journée photo", "Foire du livre", "Sortie", "Concert", "Journée sportive", "Dîner pizza"],
                  "fr": ["Photo de classe", "Marché de Noël", "Sortie", "Spectacle", "Cross", "Kermesse"]}[L]
            rows = []
            for i in range(k):
                v = S.values()
                rows.append([v["iso"] if L != "fr" else v["frdate"], ev[i % len(ev)]])
        elif theme == "text.confidential":
            head = {"en": ["Day", "Menu"], "qc": ["Jour", "Menu"], "fr": ["Jour", "Menu"]}[L]
            rows = [[WEEKDAYS[L][i % 5].capitalize(), S.pick(MENU[L])] for i in range(k)]
        else:
            if S.chance(0.5):
                head = {"en": ["Author", "Title"], "qc": ["Auteur", "Titre"], "fr": ["Auteur", "Titre"]}[L]
                pairs = [BOOKS_BY[i] for i in S.rng.permutation(len(BOOKS_BY))[:k]]
                rows = [[a_, b_] for a_, b_ in pairs]
            else:
                head = {"en": ["Teacher", "Room"], "qc": ["Enseignant(e)", "Local"], "fr": ["Professeur", "Salle"]}[L]
                t = {"en": ["Mrs.", "Mr.", "Ms."], "qc": ["Mme", "M."], "fr": ["Mme", "M."]}[L]
                rows = [[f"{S.pick(t)} {S.other_last()}", S.room()] for _ in range(k)]
        main = list(range(len(rows)))
    return head, rows, main


# ---------------------------------------------------------------------------------------------
# rendering with vips (text as an 8-bit mask) and numpy (everything else)

G = {}  # per-process state: tmp dir, cap ratios, block descent


def run(args):
    env = dict(os.environ, VIPS_CONCURRENCY="1")
    p = subprocess.run(["vips"] + [str(a) for a in args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    if p.returncode != 0:
        raise RuntimeError(f"vips {args[0]} failed: {p.stderr.decode(errors='replace')[:400]}")


def tmp(name):
    return os.path.join(G["tmp"], name)


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vips_text(markup, font, size, spacing=0):
    path = tmp("text.pgm")
    args = ["text", path, markup, "--font", f"{font} {size:.2f}", "--dpi", "72"]
    if spacing:
        args += ["--spacing", str(int(spacing))]
    run(args)
    return read_pnm(path)


def calibrate(fonts):
    """Capital height / font size for each font, and the reference block's depth below the baseline."""
    ratios = {}
    for f in fonts:
        a = vips_text("H", f, 200)
        rows = np.where(a.max(1) > 127)[0]
        ratios[f] = (rows[-1] - rows[0] + 1) / 200.0
    a = vips_text('<span font_family="DejaVu Sans">\u2588</span>\u2003H', "DejaVu Sans,", 200)
    ink = a > 127
    col = (a > 0).any(0)
    c0 = int(np.argmax(col))
    be = c0 + int(np.argmin(col[c0:]))
    brow = np.where(ink[:, :be].any(1))[0]
    hcols = np.where(col[be:])[0] + be
    hrow = np.where(ink[:, hcols[0]:].any(1))[0]
    below = (brow[-1] - hrow[-1]) / 200.0
    return ratios, below


class Line:
    """A rendered line: mask (uint8, cropped to the ink horizontally), baseline row within it."""

    def __init__(self, m, base):
        self.m, self.base = m, base

    @property
    def w(self):
        return self.m.shape[1]

    @property
    def h(self):
        return self.m.shape[0]


BLOCK = '<span font_family="DejaVu Sans">\u2588</span>\u2003'


def render_lines(markups, font, size):
    """Render several one-line markups in ONE vips call; each line is prefixed with a full block
    (a baseline reference, removed afterwards)."""
    if "drawn" in G:
        for m in markups:
            G["drawn"].append(re.sub(r"<[^>]+>", "", m).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    spacing = max(4, int(size * 0.4))
    a = vips_text("\n".join(BLOCK + m for m in markups), font, size, spacing)
    col = (a > 0).any(0)
    c0 = int(np.argmax(col))
    be = c0 + int(np.argmin(col[c0:]))
    rows = a[:, c0:be].max(1) > 127
    runs, inrun = [], False
    for y, v in enumerate(rows):
        if v and not inrun:
            start, inrun = y, True
        elif not v and inrun:
            runs.append((start, y - 1))
            inrun = False
    if inrun:
        runs.append((start, len(rows) - 1))
    if len(runs) != len(markups):
        raise RuntimeError(f"block split: {len(runs)} runs for {len(markups)} lines ({font})")
    out = []
    below = G["below"] * size
    for i, (t, b) in enumerate(runs):
        top = 0 if i == 0 else (runs[i - 1][1] + t) // 2 + 1
        bot = a.shape[0] if i == len(runs) - 1 else (b + runs[i + 1][0]) // 2 + 1
        band = a[top:bot, be:]
        cols = np.where(band.max(0) > 0)[0]
        if len(cols) == 0:
            band = np.zeros((bot - top, 1), np.uint8)
        else:
            band = band[:, cols[0]:cols[-1] + 1]
        out.append(Line(np.ascontiguousarray(band), b + 1 - below - top))
    return out


def size_for(font, cap):
    return cap / G["ratios"][font]


# --- geometry

def mat_t(x, y):
    return np.array([[1, 0, x], [0, 1, y], [0, 0, 1]], float)


def mat_r(deg):
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    # positive = counter-clockwise as seen in the image (y down)
    return np.array([[c, s, 0], [-s, c, 0], [0, 0, 1]], float)


def mat_s(sx, sy=None):
    return np.array([[sx, 0, 0], [0, sx if sy is None else sy, 0], [0, 0, 1]], float)


def apply(M, pts):
    pts = np.asarray(pts, float).reshape(-1, 2)
    h = np.c_[pts, np.ones(len(pts))] @ M.T
    return h[:, :2] / h[:, 2:3]


def homography(src, dst):
    A, bvec = [], []
    for (x, y), (u, v) in zip(src, dst):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        bvec.append(u)
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        bvec.append(v)
    h = np.linalg.solve(np.array(A, float), np.array(bvec, float))
    return np.append(h, 1.0).reshape(3, 3)


def vscale(M, pt):
    u, v = pt
    p = apply(M, [(u, v - 0.5), (u, v + 0.5)])
    return float(np.hypot(*(p[1] - p[0])))


def bbox_of(pts):
    pts = np.asarray(pts)
    return pts[:, 0].min(), pts[:, 1].min(), pts[:, 0].max(), pts[:, 1].max()


def bilinear(src, fx, fy):
    """src: (h, w, c) float32 with a zero border; fx, fy: sample positions in index space."""
    sh, sw = src.shape[:2]
    x0 = np.floor(fx)
    y0 = np.floor(fy)
    wx = (fx - x0).astype(np.float32)[..., None]
    wy = (fy - y0).astype(np.float32)[..., None]
    x0 = x0.astype(np.int64)
    y0 = y0.astype(np.int64)
    valid = (x0 >= 0) & (y0 >= 0) & (x0 < sw - 1) & (y0 < sh - 1)
    x0 = np.clip(x0, 0, sw - 2)
    y0 = np.clip(y0, 0, sh - 2)
    flat = src.reshape(-1, src.shape[2])
    idx = y0 * sw + x0
    out = (flat[idx] * ((1 - wx) * (1 - wy)) + flat[idx + 1] * (wx * (1 - wy))
           + flat[idx + sw] * ((1 - wx) * wy) + flat[idx + sw + 1] * (wx * wy))
    out[~valid] = 0
    return out


def box_blur(a, r):
    r = int(r)
    if r < 1:
        return a
    k = 2 * r + 1
    c = np.cumsum(np.pad(a, ((r + 1, r), (0, 0)), mode="edge"), axis=0, dtype=np.float64)
    a = ((c[k:] - c[:-k]) / k).astype(np.float32)
    c = np.cumsum(np.pad(a, ((0, 0), (r + 1, r)), mode="edge"), axis=1, dtype=np.float64)
    return ((c[:, k:] - c[:, :-k]) / k).astype(np.float32)


def warp_onto(dst, rgb, alpha, M, curl=None, shadow=None, opacity=1.0):
    """Composite a texture (rgb float32 (h,w,3), alpha float32 (h,w) in 0..1) onto dst (float32
    (H,W,3)) through the projective map M (texture -> dst). curl(u, v) -> (u, v) bends the texture
    coordinates; shadow = (dx, dy, radius, strength)."""
    H, W = dst.shape[:2]
    h, w = alpha.shape
    corners = apply(M, [(0, 0), (w, 0), (w, h), (0, h)])
    pad = 3
    if curl is not None:
        pad += int(0.03 * max(h, w)) + 2
    if shadow is not None:
        pad += int(abs(shadow[0]) + abs(shadow[1]) + 3 * shadow[2]) + 2
    x0 = max(0, int(math.floor(corners[:, 0].min())) - pad)
    y0 = max(0, int(math.floor(corners[:, 1].min())) - pad)
    x1 = min(W, int(math.ceil(corners[:, 0].max())) + pad)
    y1 = min(H, int(math.ceil(corners[:, 1].max())) + pad)
    if x1 <= x0 or y1 <= y0:
        return
    src = np.zeros((h + 2, w + 2, 4), np.float32)
    src[1:-1, 1:-1, :3] = rgb * alpha[..., None]
    src[1:-1, 1:-1, 3] = alpha
    Mi = np.linalg.inv(M)
    out = np.empty((y1 - y0, x1 - x0, 4), np.float32)
    xs = np.arange(x0, x1, dtype=np.float64) + 0.5
    step = max(1, 2_000_000 // max(1, (x1 - x0)))
    for ys0 in range(y0, y1, step):
        ys1 = min(y1, ys0 + step)
        yy, xx = np.meshgrid(np.arange(ys0, ys1, dtype=np.float64) + 0.5, xs, indexing="ij")
        den = Mi[2, 0] * xx + Mi[2, 1] * yy + Mi[2, 2]
        u = (Mi[0, 0] * xx + Mi[0, 1] * yy + Mi[0, 2]) / den
        v = (Mi[1, 0] * xx + Mi[1, 1] * yy + Mi[1, 2]) / den
        if curl is not None:
            u, v = curl(u, v)
        out[ys0 - y0:ys1 - y0] = bilinear(src, u + 0.5, v + 0.5)
    a = out[..., 3] * opacity
    region = dst[y0:y1, x0:x1]
    if shadow is not None:
        dx, dy, rad, strength = shadow
        sh = np.zeros_like(a)
        dxi, dyi = int(round(dx)), int(round(dy))
        hh, ww = a.shape
        ys_, xs_ = slice(max(0, dyi), min(hh, hh + dyi)), slice(max(0, dxi), min(ww, ww + dxi))
        ys2, xs2 = slice(max(0, -dyi), min(hh, hh - dyi)), slice(max(0, -dxi), min(ww, ww - dxi))
        sh[ys_, xs_] = a[ys2, xs2]
        if sh.size > 1_000_000 and rad >= 8:
            q = 4
            small = box_blur(box_blur(sh[::q, ::q], rad / q), rad / q)
            sh = np.repeat(np.repeat(small, q, 0), q, 1)[:hh, :ww]
        else:
            sh = box_blur(box_blur(sh, rad), rad)
        region *= (1.0 - strength * sh)[..., None]
    region *= (1.0 - a)[..., None]
    region += out[..., :3] * opacity


def warp_mask(mask, M, out_h, out_w):
    """Sample a float mask through M (mask -> out) into an (out_h, out_w) array."""
    res = np.zeros((out_h, out_w), np.float32)
    p = warp_mask_patch(mask, M, out_h, out_w)
    if p is not None:
        patch, x0, y0 = p
        res[y0:y0 + patch.shape[0], x0:x0 + patch.shape[1]] = patch
    return res


def max_into(res, p):
    if p is not None:
        patch, x0, y0 = p
        sub = res[y0:y0 + patch.shape[0], x0:x0 + patch.shape[1]]
        np.maximum(sub, patch, out=sub)


def warp_mask_patch(mask, M, out_h, out_w):
    """Sample a float mask through M (mask -> out) over the bbox of its image: (patch, x0, y0) or None."""
    h, w = mask.shape
    corners = apply(M, [(0, 0), (w, 0), (w, h), (0, h)])
    x0 = max(0, int(math.floor(corners[:, 0].min())) - 1)
    y0 = max(0, int(math.floor(corners[:, 1].min())) - 1)
    x1 = min(out_w, int(math.ceil(corners[:, 0].max())) + 1)
    y1 = min(out_h, int(math.ceil(corners[:, 1].max())) + 1)
    if x1 <= x0 or y1 <= y0:
        return None
    src = np.zeros((h + 2, w + 2, 1), np.float32)
    src[1:-1, 1:-1, 0] = mask
    Mi = np.linalg.inv(M)
    yy, xx = np.meshgrid(np.arange(y0, y1) + 0.5, np.arange(x0, x1) + 0.5, indexing="ij")
    den = Mi[2, 0] * xx + Mi[2, 1] * yy + Mi[2, 2]
    u = (Mi[0, 0] * xx + Mi[0, 1] * yy + Mi[0, 2]) / den
    v = (Mi[1, 0] * xx + Mi[1, 1] * yy + Mi[1, 2]) / den
    return bilinear(src, u + 0.5, v + 0.5)[..., 0], x0, y0


def dilate(m, r):
    if r < 1:
        return m
    out = m.copy()
    h, w = m.shape
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if dx * dx + dy * dy > r * r + 0.5 or (dx == 0 and dy == 0):
                continue
            ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
            xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
            np.maximum(out[yd, xd], m[ys, xs], out=out[yd, xd])
    return out


def smooth_noise(rng, h, w, cell):
    gh, gw = int(h / cell) + 3, int(w / cell) + 3
    g = rng.random((gh, gw)).astype(np.float32)
    ys = np.linspace(0, gh - 2.001, h)
    xs = np.linspace(0, gw - 2.001, w)
    y0 = ys.astype(int)
    x0 = xs.astype(int)
    wy = (ys - y0).astype(np.float32)[:, None]
    wx = (xs - x0).astype(np.float32)[None, :]
    wy = wy * wy * (3 - 2 * wy)
    wx = wx * wx * (3 - 2 * wx)
    a = g[y0][:, x0] * (1 - wx) + g[y0][:, x0 + 1] * wx
    b = g[y0 + 1][:, x0] * (1 - wx) + g[y0 + 1][:, x0 + 1] * wx
    return a * (1 - wy) + b * wy


def rounded_alpha(h, w, r):
    a = np.ones((h, w), np.float32)
    r = int(min(r, h // 2, w // 2))
    if r < 2:
        return a
    yy, xx = np.mgrid[0:r, 0:r].astype(np.float32) + 0.5
    d = np.hypot(r - xx, r - yy)
    corner = np.clip(r - d + 0.5, 0, 1)
    a[:r, :r] = corner
    a[:r, w - r:] = corner[:, ::-1]
    a[h - r:, :r] = corner[::-1, :]
    a[h - r:, w - r:] = corner[::-1, ::-1]
    return a


def stamp(rgb, mask, x, y, color, opacity=1.0, alpha=None):
    """Paint colour through an 8-bit or float mask at integer position (x, y) (top-left)."""
    m = mask.astype(np.float32)
    if mask.dtype == np.uint8:
        m /= 255.0
    h, w = m.shape
    H, W = rgb.shape[:2]
    x, y = int(round(x)), int(round(y))
    xa, ya, xb, yb = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if xb <= xa or yb <= ya:
        return
    sub = m[ya - y:yb - y, xa - x:xb - x] * opacity
    region = rgb[ya:yb, xa:xb]
    region *= (1 - sub)[..., None]
    region += sub[..., None] * np.asarray(color, np.float32)
    if alpha is not None:
        alpha[ya:yb, xa:xb] = np.maximum(alpha[ya:yb, xa:xb], sub)


def fill_rect(rgb, x0, y0, x1, y1, color, opacity=1.0):
    H, W = rgb.shape[:2]
    x0, y0, x1, y1 = max(0, int(x0)), max(0, int(y0)), min(W, int(x1)), min(H, int(y1))
    if x1 > x0 and y1 > y0:
        rgb[y0:y1, x0:x1] = rgb[y0:y1, x0:x1] * (1 - opacity) + np.asarray(color, np.float32) * opacity


def disk(rgb, cx, cy, r, color, alpha=None):
    x0, y0 = int(cx - r - 2), int(cy - r - 2)
    n = int(2 * r + 5)
    yy, xx = np.mgrid[0:n, 0:n].astype(np.float32)
    d = np.hypot(xx + x0 + 0.5 - cx, yy + y0 + 0.5 - cy)
    stamp(rgb, np.clip(r - d + 0.5, 0, 1), x0, y0, color, alpha=alpha)


def new_tex(h, w, color):
    rgb = np.empty((h, w, 3), np.float32)
    rgb[:] = np.asarray(color, np.float32)
    return rgb, np.ones((h, w), np.float32)


def hand_lines(texts, font, size, rng, thick):
    """Render lines as if written by hand: per-character baseline drift and size (Pango spans),
    then per-word rotation, scale and offset, then thicker strokes."""
    markups = []
    for text in texts:
        drift, parts = 0.0, []
        for ch in text:
            if ch == " ":
                parts.append(" ")
                continue
            drift = float(np.clip(drift + rng.normal(0, 0.018 * size), -0.07 * size, 0.07 * size))
            rise = drift + rng.normal(0, 0.012 * size)
            sz = size * rng.uniform(0.95, 1.06)
            parts.append(f'<span rise="{int(rise * 1024)}" size="{int(sz * 1024)}">{esc(ch)}</span>')
        markups.append("".join(parts))
    lines = render_lines(markups, font, size)
    out = []
    for line in lines:
        m = line.m.astype(np.float32) / 255.0
        h, w = m.shape
        col = m.max(0) > 0.04
        gap_min = max(3, int(0.2 * size))
        segs, start, last_ink = [], None, -10 ** 9
        for x in range(w):
            if col[x]:
                if start is None:
                    start = x
                elif x - last_ink > gap_min:
                    segs.append((start, last_ink + 1))
                    start = x
                last_ink = x
        if start is not None:
            segs.append((start, last_ink + 1))
        pad = int(0.2 * size) + 3
        extra = int(0.1 * size * len(segs)) + 2
        res = np.zeros((h + 2 * pad, w + 2 * pad + extra), np.float32)
        shift = 0.0
        cy = line.base - 0.35 * size
        for a, b in segs:
            ang = float(np.clip(rng.normal(0, 2.0), -4.5, 4.5))
            sc = rng.uniform(0.96, 1.05)
            dy = float(np.clip(rng.normal(0, 0.03 * size), -0.07 * size, 0.07 * size))
            shift += rng.uniform(-0.015, 0.07) * size
            cx = (a + b) / 2.0
            Mw = mat_t(pad + shift + cx, pad + cy + dy) @ mat_r(ang) @ mat_s(sc) @ mat_t(-cx, -cy)
            # letters (clusters of ink columns) inside the word
            c = a
            while c < b:
                while c < b and not col[c]:
                    c += 1
                d = c
                while d < b and col[d]:
                    d += 1
                if d > c:
                    cxc = (c + d) / 2.0
                    Mc = (mat_t(cxc, cy + rng.normal(0, 0.02 * size)) @ mat_r(float(np.clip(rng.normal(0, 2.5), -5, 5)))
                          @ mat_s(rng.uniform(0.95, 1.05)) @ mat_t(-cxc, -cy))
                    max_into(res, warp_mask_patch(m[:, c:d], Mw @ Mc @ mat_t(c, 0), res.shape[0], res.shape[1]))
                c = d
        if thick:
            res = dilate(res, thick)
        cols = np.where(res.max(0) > 0.02)[0]
        if len(cols):
            res = res[:, cols[0]:cols[-1] + 1]
        out.append(Line((np.clip(res, 0, 1) * 255).astype(np.uint8), line.base + pad))
    return out


# ---------------------------------------------------------------------------------------------
# placing an element in the photo

class Placed:
    def __init__(self, M, keystone, angle, box):
        self.M, self.keystone, self.angle, self.box = M, keystone, angle, box


def build_map(w, h, ref, angle, kx, ky, target=1.0):
    """Texture (w x h) -> centred image coordinates: keystone, rotation, scale so that the
    vertical scale at ref is target."""
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], float)
    c = src - [w / 2.0, h / 2.0]
    if kx > 0:
        c[[0, 1], 0] *= (1 - kx)
    elif kx < 0:
        c[[2, 3], 0] *= (1 + kx)
    if ky > 0:
        c[[1, 2], 1] *= (1 - ky)
    elif ky < 0:
        c[[0, 3], 1] *= (1 + ky)
    dst = apply(mat_r(angle), c)
    M = homography(src, dst)
    s = target / vscale(M, ref)
    dst = dst * s
    return homography(src, dst), dst


def keystone_text(kx, ky):
    parts = []
    if abs(kx) >= 0.01:
        parts.append(f"h{'+' if kx > 0 else '-'}{abs(kx):.2f}")
    if abs(ky) >= 0.01:
        parts.append(f"v{'+' if ky > 0 else '-'}{abs(ky):.2f}")
    return " ".join(parts)


def place(rng, canvas_wh, w, h, ref, angle, kx, ky, occupied=(), margin=0.02, centre_bias=0.0, target=1.0,
          max_angle=20.0):
    """Choose where the element goes: inside the canvas, away from the boxes in occupied."""
    W, H = canvas_wh
    M0, dst = build_map(w, h, ref, angle, kx, ky, target)
    for _ in range(4):
        la = line_angle(M0, (ref[0] - 20, ref[1]), (ref[0] + 20, ref[1]))
        if abs(la) <= max_angle:
            break
        angle -= la - math.copysign(max_angle - 0.5, la)
        M0, dst = build_map(w, h, ref, angle, kx, ky, target)
    bx0, by0, bx1, by1 = bbox_of(dst)
    mx, my = margin * W, margin * H
    lo_x, hi_x = mx - bx0, W - mx - bx1
    lo_y, hi_y = my - by0, H - my - by1
    best = None
    for _ in range(300):
        tx = rng.uniform(lo_x, hi_x) if hi_x > lo_x else (lo_x + hi_x) / 2
        ty = rng.uniform(lo_y, hi_y) if hi_y > lo_y else (lo_y + hi_y) / 2
        if centre_bias:
            tx = tx * (1 - centre_bias) + W / 2 * centre_bias
            ty = ty * (1 - centre_bias) + H / 2 * centre_bias
        box = (bx0 + tx, by0 + ty, bx1 + tx, by1 + ty)
        ok = all(box[2] < o[0] or box[0] > o[2] or box[3] < o[1] or box[1] > o[3] for o in occupied)
        if ok:
            best = (tx, ty, box)
            break
    if best is None:
        return None
    tx, ty, box = best
    M = mat_t(tx, ty) @ M0
    ibox = (max(0, int(box[0])), max(0, int(box[1])), min(W, int(math.ceil(box[2]))), min(H, int(math.ceil(box[3]))))
    return Placed(M, keystone_text(kx, ky), angle, ibox)


def line_angle(M, p, q):
    a = apply(M, [p, q])
    d = a[1] - a[0]
    return -math.degrees(math.atan2(d[1], d[0]))


def img_box(M, rect, W, H):
    x0, y0, x1, y1 = rect
    b = bbox_of(apply(M, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]))
    return (max(0, int(b[0])), max(0, int(b[1])), min(W, int(math.ceil(b[2]))), min(H, int(math.ceil(b[3]))))


def pick_cap(rng, lo, hi):
    """Log-uniform capital height in [lo, hi]."""
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def tilt(rng, max_angle, max_k):
    angle = float(np.clip(rng.normal(0, max_angle / 2.2), -max_angle, max_angle))
    kx = ky = 0.0
    r = rng.random()
    if r < 0.45:
        kx = float(rng.uniform(0.03, max_k) * rng.choice([-1, 1]))
    elif r < 0.75:
        ky = float(rng.uniform(0.03, max_k * 0.8) * rng.choice([-1, 1]))
    return angle, kx, ky


# ---------------------------------------------------------------------------------------------
# scenes. Each returns a dict: main (lines), font, cap (in texture px), angle, keystone, dark, box,
# factbox; it draws into canvas (float32 H x W x 3).

INKS = [(25, 25, 30), (35, 35, 45), (20, 30, 80), (45, 45, 50)]
PAPERS = [(250, 250, 246), (247, 242, 226), (250, 246, 205), (234, 241, 250), (238, 236, 229), (250, 236, 238)]


def lighting(rgb, rng, strength=1.0):
    h, w = rgb.shape[:2]
    yy = np.arange(h, dtype=np.float32)[:, None]
    xx = np.arange(w, dtype=np.float32)[None, :]
    th = rng.uniform(0, 2 * math.pi)
    g = ((xx / w - 0.5) * math.cos(th) + (yy / h - 0.5) * math.sin(th))
    f = 1.0 + rng.uniform(0.12, 0.35) * strength * g
    if rng.random() < 0.6:
        th2 = rng.uniform(0, math.pi)
        px, py = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h
        dist = (xx - px) * math.sin(th2) - (yy - py) * math.cos(th2)
        width = rng.uniform(0.05, 0.18) * math.hypot(w, h)
        f *= 1.0 - rng.uniform(0.12, 0.3) * strength * np.exp(-(dist / width) ** 2)
    rgb *= f[..., None]
    np.clip(rgb, 0, 255, out=rgb)


def make_curl(rng, w, h):
    a = rng.uniform(0.004, 0.014) * h * rng.choice([-1, 1])
    b = rng.uniform(0.0, 0.01) * w * rng.choice([-1, 1])
    ph = rng.uniform(0.7, 1.3)
    corner = rng.uniform(0, 0.025) * h

    def curl(u, v):
        un = u / w
        vn = v / h
        v2 = v + a * np.sin(math.pi * np.clip(un, 0, 1) * ph) + corner * np.clip(un - 0.7, 0, None) ** 2 / 0.09
        u2 = u + b * np.sin(math.pi * np.clip(vn, 0, 1))
        return u2, v2
    return curl


def scene_sheet(canvas, rng, S, rule, positive, Wc, Hc):
    main = main_lines(rule, positive, S, "sheet")
    style = S.pick(["memo", "memo", "form", "table"] if rule != "text.grade" or not positive else ["memo", "form", "table", "table"])
    body_font = S.pick(SHEET_FONTS)
    pen_font = S.pick(PEN_FONTS)
    if pen_font in ("Z003,", "Open Sans Condensed, Light") and rng.random() < 0.7:
        pen_font = "URW Gothic,"  # script and hairline pens only now and then
    bold = BOLD_OF[body_font]
    ink = INKS[S.n(0, len(INKS) - 1)]
    pen = S.pick([(25, 45, 150), (20, 20, 25), (30, 60, 170)])
    paper = PAPERS[S.n(0, len(PAPERS) - 1)]
    title = S.pick(RULE_TITLES[rule][S.lang] if positive and S.chance(0.6) else TITLES[S.lang])
    subtitle = S.pick([S.school(), S.date(), f"{S.school()}, {S.date()}"])
    table = None
    if style == "table":
        head, rows, trow = table_spec(rule, positive, S)
        table = (head, rows, trow)
        main = [" ".join(r) for i, r in enumerate(rows) if i in trow]
        if positive and rule != "text.student-name":  # the header names the column (Matricule, Note, Allergie...)
            main = [" ".join(head)] + main
        n_fill = S.n(1, 3)
    else:
        n_fill = S.n(max(2, 5 - len(main)), 12 - len(main) - 1)
    fill = S.fillers(n_fill)
    cap = pick_cap(rng, 14, 40)
    if pen_font == "Z003," and cap < 30:
        pen_font = "URW Gothic,"
    max_w, max_h = 0.9 * Wc, 0.88 * Hc
    pitch_f, tsize_f, margin_f = rng.uniform(1.35, 1.75), rng.uniform(1.25, 1.8), rng.uniform(2.0, 3.5)
    head_font = bold if rng.random() < 0.8 else S.pick(POSTER_FONTS[:5])
    lines_txt = list(fill)
    if style != "table":
        for j, m in enumerate(main):
            pos = S.n(0, len(lines_txt)) if j == 0 else lines_txt.index(main[0]) + 1
            lines_txt.insert(pos, m)
    split_form = [style == "form" and ": " in t and (t in main or rng.random() < 0.5) for t in lines_txt]
    for attempt in range(4):
        size = size_for(body_font, cap)
        pitch, tsize, margin = size * pitch_f, size * tsize_f, size * margin_f
        head_line = render_lines([esc(title)], head_font, tsize)[0]
        labels, values = [], []
        for t, sp in zip(lines_txt, split_form):
            if sp:
                k = t.index(": ")
                labels.append(t[:k + 1])
                values.append(t[k + 2:])
            else:
                labels.append(t)
                values.append(None)
        sub_rendered = render_lines([esc(subtitle)] + [esc(t) for t in labels], body_font, size)
        sub_line, body = sub_rendered[0], sub_rendered[1:]
        vals = [v for v in values if v]
        val_lines = render_lines([esc(v) for v in vals], pen_font, size * 1.12) if vals else []
        vi = iter(val_lines)
        content_w = max([head_line.w, sub_line.w] + [b.w for b in body])
        rows_layout = []
        y = margin + tsize * 0.8
        title_base = y
        y += tsize * 0.6 + pitch
        sub_base = y
        y += pitch * 1.3
        fact_rects = []
        for b, v, t in zip(body, values, lines_txt):
            entry = {"line": b, "base": y, "x": margin, "main": t in main}
            wline = b.w
            if v is not None:
                vl = next(vi)
                entry["val"] = vl
                entry["vx"] = margin + b.w + size * 0.5
                wline = b.w + size * 0.5 + vl.w
            content_w = max(content_w, wline)
            rows_layout.append(entry)
            y += pitch
        tbl_layout = None
        if table is not None:
            head, rows, trow = table
            ncol = len(head)
            cols = []
            for c in range(ncol):
                cl = render_lines([f"<b>{esc(head[c])}</b>"] + [esc(r[c]) for r in rows], body_font, size)
                cols.append(cl)
            colw = [max(l.w for l in cl) for cl in cols]
            gap = size * 1.4
            tpitch = pitch * 1.1
            xs_ = [margin]
            for c in range(1, ncol):
                xs_.append(xs_[-1] + colw[c - 1] + gap)
            tw = xs_[-1] + colw[-1] - margin
            content_w = max(content_w, tw + size * 0.4)
            ty = y - 0.4 * pitch
            tbl_layout = (cols, xs_, ty, tpitch, tw)
            y = ty + tpitch * (len(rows) + 1) + pitch
        footer = None
        if rng.random() < 0.3:
            footer = render_lines([esc(S.pick(["1", "1 / 2", "Page 1", "– 1 –"]))], body_font, size * 0.85)[0]
            y += pitch
        pw = int(content_w + 2 * margin)
        ph = int(y + margin * rng.uniform(0.8, 1.6))
        pw = max(pw, int(ph * 0.55))
        diag_w = pw * 1.1 + ph * 0.35
        diag_h = ph * 1.1 + pw * 0.35
        f = min(max_w / diag_w, max_h / diag_h)
        if attempt == 3 or f >= 1.0 or cap <= 14.01:
            break
        cap = max(14.0, cap * f * 0.97)
    rgb, alpha = new_tex(ph, pw, paper)
    rgb += (rng.normal(0, 1.6, (ph, pw, 1))).astype(np.float32)
    # ruled paper or a form frame
    if style == "memo" and rng.random() < 0.35:
        for e in rows_layout:
            fill_rect(rgb, margin * 0.5, e["base"] + size * 0.18, pw - margin * 0.4, e["base"] + size * 0.18 + max(1, size * 0.05), (150, 180, 220), 0.8)
        fill_rect(rgb, margin * 0.8, 0, margin * 0.8 + max(1, size * 0.06), ph, (220, 120, 130), 0.8)
    head_x = margin if rng.random() < 0.6 else (pw - head_line.w) / 2
    head_col = S.pick([ink, (30, 50, 110), (120, 25, 30), (20, 80, 60)])
    stamp(rgb, head_line.m, head_x, title_base - head_line.base, head_col)
    stamp(rgb, sub_line.m, margin, sub_base - sub_line.base, (80, 80, 85))
    for e in rows_layout:
        b = e["line"]
        stamp(rgb, b.m, e["x"], e["base"] - b.base, ink)
        x1 = e["x"] + b.w
        if "val" in e:
            vl = e["val"]
            fill_rect(rgb, e["vx"] - size * 0.1, e["base"] + size * 0.12, e["vx"] + vl.w + size * 0.6,
                      e["base"] + size * 0.12 + max(1, size * 0.05), (90, 90, 95), 0.8)
            m = dilate(vl.m.astype(np.float32) / 255, 1 if pen_font in THIN_FONTS and size > 22 else 0)
            stamp(rgb, m, e["vx"], e["base"] - vl.base, pen, 0.92)
            x1 = e["vx"] + vl.w
        if e["main"]:
            fact_rects.append((e["x"], e["base"] - size * 1.0, x1, e["base"] + size * 0.3))
    if tbl_layout is not None:
        cols, xs_, ty, tpitch, tw = tbl_layout
        head, rows, trow = table
        lw = max(1, size * 0.06)
        capt = size * G["ratios"][body_font]
        for r in range(len(rows) + 2):
            yl = ty + r * tpitch
            fill_rect(rgb, margin - size * 0.3, yl, margin + tw + size * 0.3, yl + lw, (60, 60, 65), 0.9)
        for c, cl in enumerate(cols):
            for r, l in enumerate(cl):
                base = ty + r * tpitch + tpitch / 2 + capt / 2
                stamp(rgb, l.m, xs_[c], base - l.base, ink)
            if c > 0:
                xl = xs_[c] - size * 0.7
                fill_rect(rgb, xl, ty, xl + lw, ty + (len(rows) + 1) * tpitch, (60, 60, 65), 0.9)
        for r in trow:
            yb = ty + (r + 1) * tpitch + tpitch / 2 + capt / 2
            fact_rects.append((margin, yb - size * 1.0, margin + tw, yb + size * 0.3))
    if footer is not None:
        stamp(rgb, footer.m, (pw - footer.w) / 2, ph - margin * 0.6 - footer.h, (90, 90, 90))
    lighting(rgb, rng)
    # punched holes
    if rng.random() < 0.25:
        for k in range(3):
            cy = ph * (0.2 + 0.3 * k)
            yy, xx = np.mgrid[0:ph, 0:int(margin)].astype(np.float32)
            d = np.hypot(xx - margin * 0.35, yy - cy)
            alpha[:, :int(margin)] = np.minimum(alpha[:, :int(margin)], np.clip(d - size * 0.35, 0, 1))
    fr = fact_rects[0] if fact_rects else (margin, margin, pw - margin, margin + size)
    ref = ((fr[0] + fr[2]) / 2, (fr[1] + fr[3]) / 2)
    angle, kx, ky = tilt(rng, 20, 0.25)
    pl = place(rng, (Wc, Hc), pw, ph, ref, angle, kx, ky)
    curl = make_curl(rng, pw, ph) if rng.random() < 0.6 else None
    warp_onto(canvas, rgb, alpha, pl.M, curl=curl, shadow=(size * 0.3, size * 0.5, max(2, size * 0.4), 0.35))
    allr = np.array(fact_rects) if fact_rects else np.array([fr])
    union = (allr[:, 0].min(), allr[:, 1].min(), allr[:, 2].max(), allr[:, 3].max())
    return dict(main=main, font=font_name(pen_font if (style == "form" and any("val" in e and e["main"] for e in rows_layout)) else body_font),
                cap=cap, ref=ref, M=pl.M, angle=line_angle(pl.M, (fr[0], ref[1]), (fr[2], ref[1])),
                keystone=(pl.keystone + (" curl" if curl else "")).strip(), dark=0, box=pl.box,
                factbox=img_box(pl.M, union, Wc, Hc))


MARKERS = [(30, 60, 170), (25, 25, 30), (185, 30, 35), (20, 115, 60)]
CHALKS = [(236, 236, 226), (240, 236, 200), (236, 236, 226), (226, 232, 240)]


def scene_board(canvas, rng, S, rule, positive, Wc, Hc):
    chalk = rng.random() < 0.35
    main = main_lines(rule, positive, S, "board")
    btitle = S.pick({"en": ["Good morning!", "Today", "Morning message", "Agenda", "Learning goals", "Homework"],
                     "qc": ["Bonjour !", "Aujourd'hui", "Message du matin", "Au programme", "Intentions", "Devoirs"],
                     "fr": ["Bonjour !", "Aujourd'hui", "Au programme", "Objectifs", "Devoirs"]}[S.lang])
    fill = S.fillers(S.n(max(1, 3 - len(main)), 6 - len(main)))
    texts = [btitle, S.date()] + fill
    pos = S.n(2, len(texts))
    for j, m in enumerate(main):
        texts.insert(pos + j, m)
    font = S.pick(HAND_FONTS)
    landscape = Wc >= Hc
    bw = int(Wc * rng.uniform(0.6, 0.9))
    bh = int(min(Hc * 0.85, bw * rng.uniform(0.5, 0.72) if landscape else bw * rng.uniform(0.75, 1.1)))
    frame = max(6, int(bw * 0.015))
    margin = int(bw * 0.05) + frame
    # size the writing to the board: the longest line fills 45-85% of its width
    probe = render_lines([esc(t) for t in texts], font, size_for(font, 40))
    longest = max(l.w for l in probe)
    fill_frac = rng.uniform(0.55, 0.9)
    cap_w = 40 * fill_frac * (bw - 2 * margin) / (longest * 1.08)
    cap_h = (bh - 2 * margin) / ((len(texts) + 0.5) * 1.55 / G["ratios"][font])
    lo = 36 if font == "Z003," else 24
    cap = float(np.clip(min(cap_w, cap_h) * rng.uniform(0.9, 1.0), lo, 90))
    for attempt in range(3):
        size = size_for(font, cap)
        thick = int(round(cap * (0.05 if font in THIN_FONTS else 0.025)))
        rendered = hand_lines(texts, font, size, rng, thick)
        pitch = size * 1.55
        need_h = margin * 1.2 + pitch * (len(texts) + 0.3)
        need_w = max(l.w for l in rendered) + margin * 2 + size
        f = min(Hc * 0.92 / need_h, Wc * 0.95 / need_w)
        if attempt == 2 or f >= 1.0 or cap <= 20:
            break
        cap = max(20.0, cap * f * 0.95)
        if font == "Z003," and cap < 26:
            font = "URW Gothic,"
    bh = max(min(bh, int(need_h * rng.uniform(1.15, 1.6))), int(need_h))
    bw = max(min(bw, int(need_w * rng.uniform(1.05, 1.4))), int(need_w), int(0.5 * Wc))
    if chalk:
        base = S.pick([(40, 62, 50), (36, 38, 41), (33, 55, 45)])
    else:
        base = (236, 238, 240)
    rgb, alpha = new_tex(bh, bw, base)
    nz = smooth_noise(rng, bh, bw, max(20, bw / 14))
    if chalk:
        rgb += (nz[..., None] * rng.uniform(10, 28)).astype(np.float32)  # dust
        rgb += rng.normal(0, 3, (bh, bw, 1)).astype(np.float32)
    else:
        rgb -= (nz[..., None] * rng.uniform(3, 10)).astype(np.float32)  # ghosting
        yy = np.arange(bh, dtype=np.float32)[:, None]
        xx = np.arange(bw, dtype=np.float32)[None, :]
        cx, cy = rng.uniform(0.2, 0.8) * bw, rng.uniform(0.1, 0.6) * bh
        glare = np.exp(-(((xx - cx) / (0.3 * bw)) ** 2 + ((yy - cy) / (0.25 * bh)) ** 2))
        rgb += (glare[..., None] * rng.uniform(8, 18)).astype(np.float32)
    fcol = (150, 152, 156) if not chalk else (110, 75, 45)
    rgb[:frame] = fcol
    rgb[-frame:] = fcol
    rgb[:, :frame] = fcol
    rgb[:, -frame:] = fcol
    colours = CHALKS if chalk else MARKERS
    main_col = colours[S.n(0, len(colours) - 1)]
    y = margin + pitch * 0.8
    fact_rects = []
    first_main = None
    for i, (l, t) in enumerate(zip(rendered, texts)):
        x = margin + rng.uniform(0, 0.8) * size + (size * 2 if i == 1 and rng.random() < 0.5 else 0)
        if t in main:
            col = main_col
        elif i == 0:
            col = colours[S.n(0, len(colours) - 1)]
        else:
            col = colours[0] if not chalk else colours[S.n(0, len(colours) - 1)]
        m = l.m.astype(np.float32) / 255
        if chalk:
            grain = np.clip(0.5 + 0.6 * rng.random(m.shape).astype(np.float32), 0, 1)
            m = box_blur(m * grain, 1) * 1.05
            op = 0.95
        else:
            op = rng.uniform(0.88, 0.97)
        # slight slope of the whole line
        slope = rng.normal(0, 1.0)
        M = mat_t(x, y - l.base) @ mat_t(0, l.base) @ mat_r(slope) @ mat_t(0, -l.base)
        p = warp_mask_patch(m, M, bh, bw)
        if p is not None:
            stamp(rgb, p[0], p[1], p[2], col, op)
        if i == 0 and rng.random() < 0.5:
            fill_rect(rgb, x, y + size * 0.25, x + l.w, y + size * 0.25 + max(2, thick + 2), col, op)
        if t in main:
            fact_rects.append((x, y - size * 1.05, x + l.w, y + size * 0.35))
            if first_main is None:
                first_main = slope
        y += pitch
    # tray
    np.clip(rgb, 0, 255, out=rgb)
    lighting(rgb, rng, 0.5)
    fr = fact_rects[0]
    ref = ((fr[0] + fr[2]) / 2, (fr[1] + fr[3]) / 2)
    angle, kx, ky = tilt(rng, 10, 0.18)
    pl = place(rng, (Wc, Hc), bw, bh, ref, angle, kx, ky, margin=0.01)
    if pl is None:
        pl = place(rng, (Wc, Hc), bw, bh, ref, 0, 0, 0, margin=0.0)
    warp_onto(canvas, rgb, alpha, pl.M, shadow=(4, 6, 6, 0.3))
    allr = np.array(fact_rects)
    union = (allr[:, 0].min(), allr[:, 1].min(), allr[:, 2].max(), allr[:, 3].max())
    return dict(main=main, font=font_name(font), cap=cap, ref=ref, M=pl.M,
                angle=line_angle(pl.M, (fr[0], ref[1]), (fr[2], ref[1])) + (first_main or 0),
                keystone=pl.keystone, dark=int(chalk), box=pl.box, factbox=img_box(pl.M, union, Wc, Hc))


def tag_texture(rng, S, kind, lines, cap, font, dark_card):
    """lines: list of (text, role) with role in main/small/big; returns rgb, alpha, main rect, cap of main, font, dark."""
    size = size_for(font, cap)
    small_font = S.pick(["Liberation Sans, Bold", "DejaVu Sans, Bold", "Open Sans, Semi-Bold"])
    rend = []
    for text, role in lines:
        if role == "main":
            f, sz = font, size
        elif role == "big":
            f, sz = font, size * 1.15
        else:
            f, sz = small_font, max(size_for(small_font, 9.5), size * 0.55)
        rend.append((render_lines([esc(text)], f, sz)[0], role, sz))
    pad = size * rng.uniform(0.6, 1.0)
    if kind == "hello":
        band_col = S.pick([(200, 30, 40), (20, 80, 170), (20, 130, 70)])
        hello = {"en": ("HELLO", "my name is"), "qc": ("BONJOUR", "je m'appelle"), "fr": ("BONJOUR", "je m'appelle")}[S.lang]
        hb = render_lines([esc(hello[0])], "Open Sans, Extra-Bold", size * 0.95)[0]
        hs = render_lines([esc(hello[1])], "Open Sans, Semi-Bold", max(size * 0.5, size_for("Open Sans, Semi-Bold", 9)))[0]
        body_w = max([r[0].w for r in rend] + [hb.w, hs.w])
        w = int(body_w + 2 * pad * 1.6)
        band_h = int(hb.h + hs.h + pad * 1.6)
        body_h = int(sum(r[2] * 1.35 for r in rend) + pad * 2.2)
        h = band_h + body_h + int(pad * 0.6)
        rgb, alpha = new_tex(h, w, band_col)
        fill_rect(rgb, pad * 0.4, band_h, w - pad * 0.4, h - pad * 0.6, (250, 250, 250))
        stamp(rgb, hb.m, (w - hb.w) / 2, pad * 0.5, (255, 255, 255))
        stamp(rgb, hs.m, (w - hs.w) / 2, pad * 0.6 + hb.h + 2, (255, 255, 255))
        y = band_h + pad * 1.0
        ink = S.pick([(20, 20, 25), (25, 45, 150), (20, 20, 25)])
        y0 = band_h
        bg_light = True
    else:
        if kind == "badge":
            bg = (250, 250, 250)
        elif kind == "sticky":
            bg = S.pick([(252, 240, 120), (250, 190, 210), (180, 235, 170), (170, 215, 245)])
        else:
            bg = (30, 40, 60) if dark_card else S.pick([(252, 252, 250), (245, 235, 200), (220, 235, 250), (250, 220, 200)])
        band_h = int(size * 1.6) if kind in ("badge", "desk") else 0
        school = None
        if band_h:
            band_text = S.school() if kind == "badge" else \
                S.pick(SCHOOLS[S.lang] + [S.fill({"en": "Room {room}", "qc": "Local {room}", "fr": "Salle {room}"}[S.lang])])
            bsz = max(size * 0.55, size_for("Liberation Sans, Bold", 9))
            school = render_lines([esc(band_text)], "Liberation Sans, Bold", bsz)[0]
        body_w = max([r[0].w for r in rend] + ([school.w] if school else []))
        w = int(body_w + 2 * pad * 1.4)
        photo = kind == "badge"
        ph_h = int(size * 3.2) if photo else 0
        body_h = int(sum(r[2] * 1.4 for r in rend) + pad * 1.6)
        h = band_h + ph_h + body_h
        if kind == "badge":
            w = max(w, int(h * 0.62))
        if kind == "sticky":
            w = max(w, int(h * 0.9))
            h = max(h, int(w * 0.85))
        strap = int(size * 4) if kind == "badge" and rng.random() < 0.7 else 0
        rgb, alpha = new_tex(h + strap, w, bg)
        if strap:
            alpha[:strap] = 0
            sw = int(w * 0.22)
            alpha[:strap, (w - sw) // 2:(w + sw) // 2] = 1
            rgb[:strap] = S.pick([(30, 60, 140), (150, 20, 30), (20, 20, 20), (20, 110, 60)])
            fill_rect(rgb, (w - sw) // 2 - 2, strap - size * 0.5, (w + sw) // 2 + 2, strap + size * 0.2, (170, 170, 175))
        top = strap
        if band_h:
            bcol = S.pick([(20, 80, 170), (200, 30, 40), (20, 120, 70), (90, 40, 130)])
            fill_rect(rgb, 0, top, w, top + band_h, bcol)
            stamp(rgb, school.m, (w - school.w) / 2, top + (band_h - school.h) / 2, (255, 255, 255))
        if photo:  # an ID photo placeholder: grey head and shoulders, clipped to its frame
            pw_, phh = int(ph_h * 0.8), int(ph_h - pad * 0.5)
            pic = np.empty((phh, pw_, 3), np.float32)
            pic[:] = (200, 205, 212)
            disk(pic, pw_ / 2, phh * 0.36, phh * 0.18, (140, 145, 155))
            disk(pic, pw_ / 2, phh * 0.98, phh * 0.36, (140, 145, 155))
            px0, py0 = int((w - pw_) / 2), int(top + band_h + pad * 0.4)
            rgb[py0:py0 + phh, px0:px0 + pw_] = pic
        y = top + band_h + ph_h + pad * 0.8
        y0 = top
        ink = (245, 245, 240) if (dark_card and kind == "desk") else S.pick([(20, 20, 25), (30, 30, 60), (25, 45, 150)])
        bg_light = not (dark_card and kind == "desk")
        if strap:
            h += strap
    main_rect = None
    for l, role, sz in rend:
        y += sz * 1.0
        x = (w - l.w) / 2
        stamp(rgb, l.m, x, y - l.base, ink)
        if role == "main":
            r_ = (x, y - sz * 0.95, x + l.w, y + sz * 0.25)
            main_rect = r_ if main_rect is None else (min(main_rect[0], r_[0]), main_rect[1], max(main_rect[2], r_[2]), r_[3])
        y += sz * 0.4
    a = rounded_alpha(alpha.shape[0] - y0, w, size * 0.35)
    alpha[y0:] = np.minimum(alpha[y0:], a)
    if kind == "sticky":
        lighting(rgb, rng, 0.6)
    return rgb, alpha, main_rect, (not bg_light)


def tag_lines(rule, positive, S, is_main, main):
    """Lines of one tag: (kind, [(text, role)])."""
    L = S.lang
    if is_main:
        if positive and rule == "text.student-name":
            k = S.pick(["hello", "desk", "badge"])
        elif positive and rule == "text.student-id":
            k = S.pick(["badge", "badge", "desk"])
        elif positive and rule in ("text.grade",):
            k = S.pick(["sticky", "desk"])
        elif positive and rule == "text.confidential":
            k = S.pick(["badge", "desk", "sticky"])
        elif positive:
            k = S.pick(["badge", "desk", "sticky"])
        else:
            k = S.pick(["hello", "badge", "desk"]) if rule == "text.student-name" else S.pick(["desk", "sticky"])
        lines = [(t, "main") for t in main]
        if k == "badge":
            cap_line = {"text.student-id": {"en": "STUDENT", "qc": "CARTE ÉTUDIANTE", "fr": "CARTE D'ÉLÈVE"}[L],
                        "text.confidential": {"en": "HEALTH ALERT", "qc": "ALERTE SANTÉ", "fr": "ALERTE SANTÉ"}[L],
                        "text.personal-info": {"en": "EMERGENCY CONTACT", "qc": "EN CAS D'URGENCE", "fr": "EN CAS D'URGENCE"}[L],
                        }.get(rule, {"en": "VISITOR", "qc": "VISITEUR", "fr": "VISITEUR"}[L]) if positive else \
                {"en": "VOLUNTEER", "qc": "BÉNÉVOLE", "fr": "BÉNÉVOLE"}[L]
            if positive and rule == "text.student-name":
                cap_line = {"en": "STUDENT", "qc": "ÉLÈVE", "fr": "ÉLÈVE"}[L]
                lines = [(main[0], "main"), (S.pick(["4B", "5A", "402", "501"]), "small")]
            elif positive and rule == "text.student-id":
                lines = [(S.other_name(), "small")] + lines
            lines = [(cap_line, "small")] + lines
        elif k == "sticky" and positive and rule == "text.grade":
            lines = lines + [(S.pick({"en": ["Great job!", "Well done!"], "qc": ["Bravo !", "Super !"], "fr": ["Bravo !", "Très bien !"]}[L]), "small")]
        elif k == "hello":
            lines = [(main[0], "main")]
        return k, lines
    # harmless tag
    k = S.pick(["hello", "desk", "sticky", "badge"])
    if k in ("hello", "badge"):
        nm = S.other_name()
        lines = [(nm, "main")]
        if k == "badge":
            lines = [({"en": "VISITOR", "qc": "VISITEUR", "fr": "VISITEUR"}[L] if S.chance(0.5) else
                      {"en": "VOLUNTEER", "qc": "BÉNÉVOLE", "fr": "BÉNÉVOLE"}[L], "small"), (nm, "main")]
    elif k == "desk":
        lines = [(S.pick([S.fill("Table {n1}"), {"en": "Blue team", "qc": "Équipe bleue", "fr": "Équipe bleue"}[L],
                          S.other_first(), {"en": "Reading corner", "qc": "Coin lecture", "fr": "Coin lecture"}[L]]), "main")]
    else:
        lines = [(t, "main") for t in S.fillers(S.n(1, 2), short=True)]
    return k, lines


def scene_tags(canvas, rng, S, rule, positive, Wc, Hc):
    n = S.n(2, 5)
    main = main_lines(rule, positive, S, "tags")
    which = S.n(0, n - 1)
    occupied = []
    result = None
    order = list(range(n))
    order.remove(which)
    order = [which] + order
    for i in order:
        is_main = i == which
        kind, lines = tag_lines(rule, positive, S, is_main, main)
        cap = pick_cap(rng, 14, 30)
        font = S.pick(TAG_FONTS)
        dark_card = kind == "desk" and rng.random() < 0.2
        rgb, alpha, mrect, dark = tag_texture(rng, S, kind, lines, cap, font, dark_card)
        h, w = alpha.shape
        ref = ((mrect[0] + mrect[2]) / 2, (mrect[1] + mrect[3]) / 2)
        angle, kx, ky = tilt(rng, 20, 0.12)
        pl = place(rng, (Wc, Hc), w, h, ref, angle, kx, ky, occupied=occupied, margin=0.03)
        if pl is None:
            if is_main:
                pl = place(rng, (Wc, Hc), w, h, ref, angle, kx, ky, margin=0.03)
            if pl is None:
                continue
        occupied.append((pl.box[0] - 20, pl.box[1] - 20, pl.box[2] + 20, pl.box[3] + 20))
        warp_onto(canvas, rgb, alpha, pl.M, shadow=(cap * 0.15, cap * 0.3, max(2, cap * 0.25), 0.3))
        if is_main:
            result = dict(main=main, font=font_name(font), cap=cap, ref=ref, M=pl.M,
                          angle=line_angle(pl.M, (mrect[0], ref[1]), (mrect[2], ref[1])), keystone=pl.keystone,
                          dark=int(dark), box=pl.box, factbox=img_box(pl.M, mrect, Wc, Hc))
    return result


def scene_screen(canvas, rng, S, rule, positive, Wc, Hc):
    projector = rng.random() < 0.3
    dark = (rng.random() < 0.5) if not projector else (rng.random() < 0.2)
    main = main_lines(rule, positive, S, "screen")
    app = S.pick({"en": ["Student Portal", "Parent Portal", "Class Dashboard", "Morning Slides", "Assembly"],
                  "qc": ["Portail parents", "Espace élève", "Tableau de bord", "Présentation du matin", "Rassemblement"],
                  "fr": ["Espace numérique de travail", "Vie scolaire", "Cahier de textes en ligne", "Diaporama"]}[S.lang])
    menu = {"en": ["Home", "Messages", "Calendar", "Assignments", "Library"],
            "qc": ["Accueil", "Messages", "Calendrier", "Travaux", "Bibliothèque"],
            "fr": ["Accueil", "Messagerie", "Agenda", "Cahier de textes", "CDI"]}[S.lang]
    fill = S.fillers(S.n(max(2, 4 - len(main)), 7 - len(main)))
    texts = list(fill)
    pos = S.n(0, len(texts))
    for j, m in enumerate(main):
        texts.insert(pos + j, m)
    font = S.pick(SCREEN_FONTS)
    cap = pick_cap(rng, 18, 60)
    sidebar = (not projector) and rng.random() < 0.5
    sw_ = int(Wc * rng.uniform(0.4, 0.75))
    for attempt in range(4):
        size = size_for(font, cap)
        body = render_lines([esc(t) for t in texts], font, size)
        title = render_lines([esc(app)], font, size * 1.25)[0]
        side = render_lines([esc(t) for t in menu], font, size * 0.8) if sidebar else []
        side_w = (max(l.w for l in side) + size * 1.5) if sidebar else 0
        pitch = size * rng.uniform(1.5, 1.9) if attempt == 0 else pitch / size_prev * size
        size_prev = size
        mx = size * 1.5
        need_w = side_w + max([l.w for l in body] + [title.w]) + 2 * mx
        need_h = size * 2.6 + pitch * (len(texts) + 0.8) + mx
        sw_ = max(sw_, int(need_w))
        sh_ = max(int(need_h), int(sw_ * rng.uniform(0.5, 0.62)) if attempt == 0 else int(need_h))
        f = min(0.9 * Wc / (sw_ * 1.1), 0.85 * Hc / (sh_ * 1.15))
        if attempt == 3 or f >= 1.0 or cap <= 18:
            break
        cap = max(18.0, cap * f * 0.95)
        sw_ = int(sw_ * f)
    if dark:
        bgc = S.pick([(22, 26, 34), (18, 32, 60), (30, 30, 30)])
        txt = S.pick([(235, 238, 242), (250, 250, 220), (200, 230, 255)])
        barc = S.pick([(45, 60, 90), (60, 30, 70), (20, 80, 90)])
    else:
        bgc = S.pick([(246, 247, 249), (255, 255, 255), (240, 244, 250)])
        txt = S.pick([(30, 30, 36), (20, 40, 80), (40, 40, 40)])
        barc = S.pick([(30, 90, 170), (200, 60, 40), (40, 120, 80), (90, 50, 140)])
    rgb = np.empty((sh_, sw_, 3), np.float32)
    rgb[:] = bgc
    tmask = np.zeros((sh_, sw_), np.float32)
    bar_h = int(size * 2.6)
    fill_rect(rgb, 0, 0, sw_, bar_h, barc)
    tl = title
    stamp(rgb, tl.m, mx, bar_h / 2 + size * 0.5 - tl.base, (255, 255, 255))
    x_text = mx + side_w
    if sidebar:
        fill_rect(rgb, 0, bar_h, side_w, sh_, tuple(0.85 * np.array(bgc) + 0.15 * np.array(barc)))
        yy = bar_h + pitch
        for l in side:
            stamp(rgb, l.m, size * 0.6, yy - l.base, txt, 0.8)
            yy += pitch * 0.9
    y = bar_h + pitch * 1.1
    fact_rects = []
    for l, t in zip(body, texts):
        m = l.m.astype(np.float32) / 255
        x, yy0 = int(round(x_text)), int(round(y - l.base))
        hh, ww = m.shape
        tmask[yy0:yy0 + hh, x:x + ww] = np.maximum(tmask[yy0:yy0 + hh, x:x + ww], m[:max(0, min(hh, sh_ - yy0)), :max(0, min(ww, sw_ - x))])
        if t in main:
            fact_rects.append((x, y - size * 1.0, x + ww, y + size * 0.3))
        y += pitch
    stamp(rgb, tmask, 0, 0, txt)
    if dark:
        glow = box_blur(box_blur(tmask, max(2, int(size * 0.12))), max(2, int(size * 0.12)))
        rgb += glow[..., None] * np.asarray(txt, np.float32) * rng.uniform(0.15, 0.35)
    yy = np.arange(sh_, dtype=np.float32)[:, None]
    xx = np.arange(sw_, dtype=np.float32)[None, :]
    # moire + scanlines + colour cast
    per = rng.uniform(5, 14)
    th = rng.uniform(-0.4, 0.4)
    amp = rng.uniform(0.03, 0.07)
    beat = 0.5 + 0.5 * np.sin(2 * math.pi * (xx * math.cos(th + 0.2) + yy * math.sin(th + 0.2)) / rng.uniform(80, 300))
    for c in range(3):
        ph = c * 2.1
        rgb[..., c] *= 1 + amp * beat * np.sin(2 * math.pi * (xx * math.cos(th) + yy * math.sin(th)) / per + ph)
    if rng.random() < 0.6:
        rgb *= (1 - rng.uniform(0.03, 0.08) * (0.5 + 0.5 * np.sin(2 * math.pi * yy / rng.uniform(3, 6))))[..., None]
    cast = np.array(S.pick([(0.92, 1.0, 1.1), (1.08, 1.0, 0.9), (0.95, 1.05, 0.95), (1, 1, 1)]), np.float32)
    lift = rng.uniform(5, 25)
    rgb = rgb * cast * (1 - lift / 255) + lift
    if cap >= 24:
        rgb = np.stack([box_blur(rgb[..., c], 1) for c in range(3)], -1)
    # glare
    cx = rng.uniform(0, sw_)
    band = np.exp(-(((xx - cx) - 0.6 * yy) / (0.15 * sw_)) ** 2)
    rgb += (band * rng.uniform(5, 20))[..., None]
    np.clip(rgb, 0, 255, out=rgb)
    fr = fact_rects[0]
    if projector:
        wall = 0.3
        rgb = rgb * (1 - wall) + wall * 200
        alpha = np.ones((sh_, sw_), np.float32)
        e = max(2, int(size * 0.3))
        ramp = np.clip(np.minimum(np.minimum(xx, sw_ - 1 - xx), np.minimum(yy, sh_ - 1 - yy)) / e, 0, 1)
        alpha = ramp
        tex, tal, off = rgb, alpha, (0, 0)
    else:
        bz = max(8, int(sw_ * rng.uniform(0.02, 0.04)))
        chin = int(bz * rng.uniform(1.0, 2.2))
        tex = np.empty((sh_ + bz + chin, sw_ + 2 * bz, 3), np.float32)
        tex[:] = S.pick([(18, 18, 20), (40, 40, 44), (200, 200, 205)])
        tex[bz:bz + sh_, bz:bz + sw_] = rgb
        tal = rounded_alpha(tex.shape[0], tex.shape[1], bz * 0.6)
        off = (bz, bz)
    fr = (fr[0] + off[0], fr[1] + off[1], fr[2] + off[0], fr[3] + off[1])
    ref = ((fr[0] + fr[2]) / 2, (fr[1] + fr[3]) / 2)
    angle, kx, ky = tilt(rng, 12, 0.2 if projector else 0.15)
    pl = place(rng, (Wc, Hc), tex.shape[1], tex.shape[0], ref, angle, kx, ky)
    if pl is None:
        pl = place(rng, (Wc, Hc), tex.shape[1], tex.shape[0], ref, 0, 0, 0, margin=0)
    warp_onto(canvas, tex, tal, pl.M, opacity=0.96 if projector else 1.0)
    allr = np.array([(r[0] + off[0], r[1] + off[1], r[2] + off[0], r[3] + off[1]) for r in fact_rects])
    union = (allr[:, 0].min(), allr[:, 1].min(), allr[:, 2].max(), allr[:, 3].max())
    return dict(main=main, font=font_name(font), cap=cap, ref=ref, M=pl.M,
                angle=line_angle(pl.M, (fr[0], ref[1]), (fr[2], ref[1])),
                keystone=(pl.keystone + (" projector" if projector else "")).strip(), dark=int(dark), box=pl.box,
                factbox=img_box(pl.M, union, Wc, Hc))


CARD_COLOURS = [((252, 252, 250), False), ((252, 240, 140), False), ((250, 200, 215), False),
                ((190, 225, 250), False), ((200, 240, 190), False), ((250, 215, 170), False),
                ((30, 45, 90), True), ((25, 25, 28), True), ((140, 30, 40), True)]


def scene_poster(canvas, rng, S, rule, positive, Wc, Hc):
    cork = rng.random() < 0.6
    main = main_lines(rule, positive, S, "poster")
    ncards = S.n(2, 4)
    which = S.n(0, ncards - 1)
    landscape = Wc >= Hc
    bw = int(Wc * rng.uniform(0.5, 0.82))
    bh = int(min(Hc * 0.85, bw * (rng.uniform(0.55, 0.75) if landscape else rng.uniform(0.9, 1.3))))
    if cork:
        base = np.array((178, 132, 88), np.float32) * rng.uniform(0.9, 1.08)
    else:
        base = np.array(S.pick([(40, 90, 170), (200, 60, 50), (250, 210, 70), (60, 150, 90), (120, 70, 160)]), np.float32)
    rgb, alpha = new_tex(bh, bw, base)
    if cork:
        rgb += (rng.normal(0, 14, (bh, bw, 1))).astype(np.float32)
        rgb += (smooth_noise(rng, bh, bw, 6)[..., None] * 25 - 12).astype(np.float32)
        fr_ = max(8, int(bw * 0.02))
        fc = S.pick([(120, 80, 45), (160, 160, 165)])
        rgb[:fr_] = fc
        rgb[-fr_:] = fc
        rgb[:, :fr_] = fc
        rgb[:, -fr_:] = fc
    else:
        fr_ = 0
    header = S.pick({"en": ["Class News", "Our Wall of Fame", "What's Happening", "Reminders", "Welcome!"],
                     "qc": ["Babillard", "Nos bons coups", "Info-parents", "À ne pas manquer", "Bienvenue !"],
                     "fr": ["Infos de la classe", "Panneau d'affichage", "À ne pas oublier", "Bienvenue !"]}[S.lang])
    hfont = S.pick(POSTER_FONTS)
    hcap = min(90.0, bw * 0.045)
    hl = render_lines([esc(header)], hfont, size_for(hfont, hcap))[0]
    top = fr_ + int(bh * 0.04)
    if hl.w < bw * 0.9:
        hx = (bw - hl.w) / 2
        strip_col = S.pick([(250, 250, 250), (30, 30, 35), (250, 230, 90)])
        tcol = (30, 30, 35) if sum(strip_col) > 400 else (250, 250, 245)
        fill_rect(rgb, hx - hcap * 0.6, top, hx + hl.w + hcap * 0.6, top + hl.h + hcap * 0.8, strip_col)
        stamp(rgb, hl.m, hx, top + hcap * 0.4, tcol)
        top += hl.h + hcap * 1.2
    # cells
    area_w, area_h = bw - 2 * fr_ - bw * 0.04, bh - top - fr_ - bh * 0.03
    cols_ = 2 if ncards >= 2 and area_w > area_h * 0.8 else 1
    rows_ = int(math.ceil(ncards / cols_))
    cw, ch = area_w / cols_, area_h / rows_
    result = None
    cards = []
    for i in range(ncards):
        is_main = i == which
        lines = main if is_main else S.fillers(S.n(1, 2), short=True)
        if not is_main and rng.random() < 0.3:
            lines = [S.pick(TITLES[S.lang])] + lines[:1]
        font = S.pick(POSTER_FONTS)
        col, dark = CARD_COLOURS[S.n(0, len(CARD_COLOURS) - 1)]
        ink = (245, 245, 240) if dark else S.pick([(25, 25, 30), (30, 40, 110), (120, 20, 30), (20, 80, 40)])
        cap = pick_cap(rng, 18, 70) if font != "Z003," else pick_cap(rng, 26, 70)
        ang = float(np.clip(rng.normal(0, 8), -14, 14) if is_main else np.clip(rng.normal(0, 9), -20, 20))
        for attempt in range(5):
            size = size_for(font, cap)
            rend = render_lines([esc(t) for t in lines], font, size)
            pad = size * 0.9
            pitch = size * 1.45
            w = int(max(l.w for l in rend) + 2 * pad)
            h = int(pitch * len(rend) + 2 * pad)
            ca, sa = abs(math.cos(math.radians(ang))), abs(math.sin(math.radians(ang)))
            rw, rh = w * ca + h * sa, w * sa + h * ca
            f = min(cw * 0.95 / rw, ch * 0.95 / rh)
            if attempt == 4 or f >= 1.0 or cap <= 18:
                break
            cap = max(18.0, cap * f * 0.97)
            if font == "Z003," and cap < 26:
                font = "URW Bookman, Demi-Bold"
        crgb, calpha = new_tex(h, w, col)
        y = pad + size * 0.95
        mrect = None
        for l in rend:
            x = (w - l.w) / 2
            stamp(crgb, l.m, x, y - l.base, ink)
            if mrect is None:
                mrect = (x, y - size * 0.95, x + l.w, y + size * 0.3)
            else:
                mrect = (min(mrect[0], x), mrect[1], max(mrect[2], x + l.w), y + size * 0.3)
            y += pitch
        lighting(crgb, rng, 0.4)
        cx = fr_ + bw * 0.02 + (i % cols_ + 0.5) * cw + rng.uniform(-0.1, 0.1) * cw
        cy = top + (i // cols_ + 0.5) * ch + rng.uniform(-0.08, 0.08) * ch
        A = mat_t(cx, cy) @ mat_r(ang) @ mat_t(-w / 2, -h / 2)
        cards.append((is_main, crgb, calpha, A, mrect, font, cap, dark, ang, w, h))
    # main card drawn last (on top)
    cards.sort(key=lambda c: c[0])
    for is_main, crgb, calpha, A, mrect, font, cap, dark, ang, w, h in cards:
        warp_onto(rgb, crgb, calpha, A, shadow=(cap * 0.2, cap * 0.35, max(2, cap * 0.3), 0.35))
        if rng.random() < 0.6:
            p = apply(A, [(w / 2, h * 0.06)])[0]
            disk(rgb, p[0], p[1], max(5, cap * 0.28), S.pick([(220, 30, 30), (30, 90, 220), (240, 200, 20), (30, 160, 60)]))
            disk(rgb, p[0] - cap * 0.08, p[1] - cap * 0.08, max(1.5, cap * 0.08), (255, 255, 255))
        else:
            for (u, v) in [(w * 0.1, 0), (w * 0.9, 0)]:
                tw_, th_ = max(12, w * 0.14), max(6, cap * 0.5)
                trgb, tal = new_tex(int(th_), int(tw_), (235, 235, 220))
                T = A @ mat_t(u, v) @ mat_r(S.pick([-25, 25, -35, 35])) @ mat_t(-tw_ / 2, -th_ / 2)
                warp_onto(rgb, trgb, tal * 0.55, T)
        if is_main:
            result = (A, mrect, font, cap, dark, ang, w, h)
    np.clip(rgb, 0, 255, out=rgb)
    lighting(rgb, rng, 0.5)
    A, mrect, font, cap, dark, ang, w, h = result
    ref_card = ((mrect[0] + mrect[2]) / 2, (mrect[1] + mrect[3]) / 2)
    ref = tuple(apply(A, [ref_card])[0])
    # the board's scale at the main card: the card's capitals must keep their size in the image
    angle, kx, ky = tilt(rng, 5, 0.15)
    pl = place(rng, (Wc, Hc), bw, bh, ref, angle, kx, ky, margin=0.01, max_angle=20 - abs(ang))
    if pl is None:
        pl = place(rng, (Wc, Hc), bw, bh, ref, 0, 0, 0, margin=0)
    warp_onto(canvas, rgb, alpha, pl.M, shadow=(6, 8, 8, 0.3))
    MA = pl.M @ A
    card_box = img_box(MA, (0, 0, w, h), Wc, Hc)
    return dict(main=main, font=font_name(font), cap=cap, ref=ref_card, M=MA,
                angle=line_angle(MA, (mrect[0], ref_card[1]), (mrect[2], ref_card[1])), keystone=pl.keystone,
                dark=int(dark), box=card_box, factbox=img_box(MA, mrect, Wc, Hc))


SCENES = {"sheet": scene_sheet, "board": scene_board, "tags": scene_tags, "screen": scene_screen, "poster": scene_poster}


# ---------------------------------------------------------------------------------------------
# one photo

def load_background(path, W, H):
    if path.lower().endswith((".jpg", ".jpeg")):
        run(["thumbnail", path, tmp("bg.ppm"), W, "--height", H, "--crop", "centre", "--size", "both"])
        a = read_pnm(tmp("bg.ppm"))
        if a.ndim == 2:
            a = np.repeat(a[..., None], 3, axis=2)
        if a.shape[:2] == (H, W):
            return a.astype(np.float32)
    v = tmp("bg.v")
    run(["thumbnail", path, v, W, "--height", H, "--crop", "centre", "--size", "both"])
    src = v
    bands = int(subprocess.run(["vipsheader", "-f", "bands", src], capture_output=True, text=True).stdout.strip() or 3)
    if bands in (2, 4):
        run(["flatten", src, tmp("bg2.v"), "--background", "255"])
        src = tmp("bg2.v")
        bands -= 1
    if bands == 1:
        run(["colourspace", src, tmp("bg3.v"), "srgb"])
        src = tmp("bg3.v")
    run(["cast", src, tmp("bg.ppm"), "uchar"])
    a = read_pnm(tmp("bg.ppm"))
    if a.ndim == 2:
        a = np.repeat(a[..., None], 3, axis=2)
    if a.shape[0] != H or a.shape[1] != W:
        out = np.zeros((H, W, 3), np.uint8)
        out[:min(H, a.shape[0]), :min(W, a.shape[1])] = a[:H, :W]
        a = out
    return a.astype(np.float32)


def write_ppm(path, arr):
    h, w = arr.shape[:2]
    with open(path, "wb") as f:
        f.write(f"P6\n{w} {h}\n255\n".encode())
        f.write(np.ascontiguousarray(arr, dtype=np.uint8).tobytes())


def motion_kernel(length, angle):
    n = int(math.ceil(length)) | 1
    n = max(3, n)
    k = np.zeros((n, n))
    c = (n - 1) / 2
    for t in np.linspace(-length / 2, length / 2, 64):
        x = c + t * math.cos(math.radians(angle))
        y = c - t * math.sin(math.radians(angle))
        x0, y0 = int(math.floor(x)), int(math.floor(y))
        fx, fy = x - x0, y - y0
        for dx, dy, wgt in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)), (0, 1, (1 - fx) * fy), (1, 1, fx * fy)):
            if 0 <= x0 + dx < n and 0 <= y0 + dy < n:
                k[y0 + dy, x0 + dx] += wgt
    k /= k.sum()
    return k


def make_photo(job):
    idx, seed, rule, positive, kind, canvas_scale, out_dir, backgrounds, people = job
    rng = np.random.default_rng([seed, idx])
    lang = ["en", "qc", "fr"][int(rng.choice(3, p=[0.4, 0.35, 0.25]))]
    S = Say(rng, lang, G["roster"])
    base_wh = CANVASES[int(rng.integers(2))]
    portrait = rng.random() < 0.3
    W, H = (base_wh[1], base_wh[0]) if portrait else base_wh
    W, H = max(64, int(round(W * canvas_scale))), max(64, int(round(H * canvas_scale)))
    bg = backgrounds[int(rng.integers(len(backgrounds)))]
    canvas = load_background(os.path.join(people, bg), W, H)
    G["drawn"] = []
    info = SCENES[kind](canvas, rng, S, rule, positive, W, H)
    np.clip(canvas, 0, 255, out=canvas)
    cap_img = info["cap"] * vscale(info["M"], info["ref"])
    # camera
    blur_max = min(1.2, 0.25 + 0.045 * cap_img)
    blur = float(rng.uniform(0, blur_max)) if rng.random() < 0.75 else 0.0
    blur = round(blur, 2) if blur >= 0.3 else 0.0
    motion = None
    if cap_img >= 22 and rng.random() < 0.15:
        motion = (round(float(rng.uniform(1.2, min(3.0, cap_img / 9))), 1), int(rng.integers(0, 180)))
    noise = round(float(rng.uniform(1.0, 6.0 if cap_img >= 20 else 4.0)), 1) if rng.random() < 0.7 else 0.0
    quality = int(rng.integers(75, 96))
    noise_field = None
    if noise > 0:
        noise_field = rng.standard_normal((H, W, 1), dtype=np.float32) * noise
    cur = tmp("cam0.ppm")
    if blur == 0 and not motion:
        if noise_field is not None:
            canvas += noise_field
            np.clip(canvas, 0, 255, out=canvas)
        write_ppm(cur, canvas.astype(np.uint8))
        del canvas
    else:
        write_ppm(cur, canvas.astype(np.uint8))
        del canvas
        if blur > 0:
            run(["gaussblur", cur, tmp("cam1.ppm"), blur])
            cur = tmp("cam1.ppm")
        if motion:
            k = motion_kernel(*motion)
            with open(tmp("k.mat"), "w") as f:
                f.write(f"{k.shape[1]} {k.shape[0]} 1 0\n")
                for row in k:
                    f.write(" ".join(f"{v:.6f}" for v in row) + "\n")
            run(["conv", cur, tmp("cam2.v"), tmp("k.mat"), "--precision", "float"])
            run(["cast", tmp("cam2.v"), tmp("cam2.ppm"), "uchar"])
            cur = tmp("cam2.ppm")
        if noise_field is not None:
            a = read_pnm(cur).astype(np.float32)
            a += noise_field
            np.clip(a, 0, 255, out=a)
            cur = tmp("cam3.ppm")
            write_ppm(cur, a.astype(np.uint8))
            del a
    name = f"scn-{idx:04d}.jpg"
    run(["copy", cur, os.path.join(out_dir, name) + f"[Q={quality},strip,optimize_coding]"])
    keystone = info["keystone"]
    if motion:
        keystone = (keystone + f" motion={motion[0]}px@{motion[1]}deg").strip()
    text = " | ".join(t.replace("\t", " ").replace("\n", " ") for t in info["main"])
    row = dict(file=name, expected_rules=rule if positive else "", text=text, font=info["font"],
               cap_px=f"{cap_img:.1f}", angle=f"{info['angle']:.1f}", keystone=keystone, dark=str(info["dark"]),
               blur=f"{blur:.2f}" if blur else "0.0", noise=f"{noise:.1f}" if noise else "0.0", quality=str(quality),
               background=bg, box=",".join(str(int(v)) for v in info["box"]), distractor=kind)
    drawn = " ¦ ".join(t.replace("\t", " ") for t in G.pop("drawn"))
    return row, info["factbox"], drawn


def init_worker(parent_tmp, ratios, below, roster):
    G["tmp"] = tempfile.mkdtemp(dir=parent_tmp)
    G["ratios"], G["below"], G["roster"] = ratios, below, roster


def allocate(n, rng):
    """n scene kinds with the shares of SHARE (largest remainder), in a random order."""
    exact = {k: SHARE[k] * n for k in KINDS}
    counts = {k: int(math.floor(v)) for k, v in exact.items()}
    rest = n - sum(counts.values())
    for k in sorted(KINDS, key=lambda k: (-(exact[k] - counts[k]), KINDS.index(k)))[:rest]:
        counts[k] += 1
    kinds = [k for k in KINDS for _ in range(counts[k])]
    return [kinds[i] for i in rng.permutation(len(kinds))]


def loadable_backgrounds():
    out = []
    for root, _, files in os.walk(PEOPLE):
        for f in files:
            if not f.lower().endswith((".jpg", ".jpeg", ".png")):
                continue
            p = os.path.join(root, f)
            r = subprocess.run(["vipsheader", p], capture_output=True)
            if r.returncode == 0:
                out.append(os.path.relpath(p, PEOPLE))
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-rule", type=int, default=24)
    ap.add_argument("--canvas-scale", type=float, default=1.0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--fact-boxes", action="store_true")
    ap.add_argument("--corpus", help="the shared corpus (its people folder gives the backgrounds)")
    args = ap.parse_args()
    global PEOPLE
    if args.corpus:
        PEOPLE = os.path.join(os.path.abspath(args.corpus), "people")
    t0 = time.time()
    os.makedirs(args.out, exist_ok=True)
    backgrounds = loadable_backgrounds()
    if not backgrounds:
        sys.exit("no loadable background in " + PEOPLE)
    roster = make_roster(args.seed)
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    parent_tmp = tempfile.mkdtemp(prefix="scene-text-set-", dir=shm)
    try:
        G["tmp"] = parent_tmp
        ratios, below = calibrate(ALL_FONTS)
        plan_rng = np.random.default_rng([args.seed, 123_457])
        jobs = []
        idx = 1
        K = args.per_rule
        for rule in RULES:
            for kind in allocate(K, plan_rng):
                jobs.append((idx, args.seed, rule, True, kind, args.canvas_scale, args.out, backgrounds, PEOPLE))
                idx += 1
        neg_kinds = allocate(3 * K, plan_rng)
        for j, kind in enumerate(neg_kinds):
            jobs.append((idx, args.seed, RULES[j % len(RULES)], False, kind, args.canvas_scale, args.out, backgrounds, PEOPLE))
            idx += 1
        workers = max(1, min(2, args.jobs))
        with ProcessPoolExecutor(max_workers=workers, initializer=init_worker,
                                 initargs=(parent_tmp, ratios, below, roster)) as ex:
            results = list(ex.map(make_photo, jobs, chunksize=1))
    finally:
        shutil.rmtree(parent_tmp, ignore_errors=True)
    with open(os.path.join(args.out, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\t".join(HEADER) + "\n")
        for row, _, _ in results:
            f.write("\t".join(row[h] for h in HEADER) + "\n")
    with open(os.path.join(args.out, "roster.csv"), "w", encoding="utf-8") as f:
        f.write("id,name,role,group\n")
        for r in roster:
            f.write(",".join(r) + "\n")
    if args.fact_boxes:
        with open(os.path.join(args.out, "fact-boxes.tsv"), "w", encoding="utf-8") as f:
            f.write("file\tfact_box\tall_text\n")
            for row, fb, drawn in results:
                f.write(f"{row['file']}\t{','.join(str(int(v)) for v in fb)}\t{drawn}\n")
    print(f"{len(results)} photos in {args.out} ({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
