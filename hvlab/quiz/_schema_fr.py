"""What the quiz format says better than the generic schema messages of hvlab.sources."""

from __future__ import annotations

__all__ = ["QUIZ_VOCABULARY"]

from hvlab.sources.schema import Vocabulary

QUIZ_VOCABULARY = Vocabulary(
    required={
        "id": "l'identifiant",
        "title": "le titre du quiz",
        "questions": "la liste des questions",
        "type": (
            "le type de question (single, multiple, true_false, numeric, text, matching, ordering)"
        ),
        "prompt": "l'énoncé de la question",
        "options": "la liste des options (au moins deux, avec correct: true sur les bonnes)",
        "answer": "la bonne réponse (true/false, ou un nombre)",
        "accept": "la liste des réponses acceptées",
        "pairs": "la liste des associations {left: …, right: …}",
        "items": "la liste des éléments dans le bon ordre",
        "text": "le texte",
        "left": "l'élément de gauche",
        "right": "l'élément de droite",
    },
    required_when=" (obligatoire pour une question « {type} »)",
    messages={
        "enum:*/type": (
            "type de question inconnu « {raw} »{suggestion} ; types possibles : {choices}"
        ),
        "exclusiveMinimum:*/points": (
            "les points doivent être strictement positifs ; valeur lue : {raw}"
        ),
        "minimum:*/points": "les points doivent être strictement positifs ; valeur lue : {raw}",
        "minimum:*/tolerance": (
            "tolérance négative ({raw}) : donnez un écart positif ou nul, absolu (2.5) ou "
            'relatif ("10%")'
        ),
        "minItems:*/items": (
            "une question ordering doit avoir au moins {limit} éléments à ordonner ; "
            "trouvé : {count}"
        ),
        "minItems:*/options": (
            "une question à choix doit avoir au moins {limit} options ; trouvé : {count}"
        ),
        "minItems:*/pairs": (
            "une question matching doit avoir au moins {limit} associations ; trouvé : {count}"
        ),
        "maxItems:*/range": (
            "l'intervalle doit avoir deux bornes [min, max] ; trouvé : {count} valeur(s)"
        ),
        "propertyNames": (
            "nom de paramètre invalide « {raw} » : lettres sans accent, chiffres et _ "
            "seulement, sans commencer par un chiffre (exemple : nb_serveurs)"
        ),
        "pattern:*/tolerance": (
            'tolérance invalide « {raw} » : un nombre (2.5) ou un pourcentage ("10%")'
        ),
        "pattern:id": (
            "identifiant de quiz invalide « {raw} » : minuscules sans accent, chiffres et tirets "
            "seulement (exemple : types-hyperviseurs)"
        ),
        "pattern": (
            "identifiant invalide « {raw} » : lettres sans accent, chiffres, - et _ seulement "
            "(exemple : type1)"
        ),
    },
)
