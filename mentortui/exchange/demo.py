"""A realistic demo workbook, in English or French, to try the app and to benchmark it.

``fill_demo`` fills an empty store with three relationships shaped by the guide's ten
practices: one where I am the mentee, one where I am the mentor, and one that has ended.
Everything comes from ``random.Random(seed)`` and the store's clock, so the same seed and
clock always give the same rows (ids included).

Rows are built in memory as records, validated like any write, then inserted with one
``executemany`` per table inside one ``store.bulk()`` transaction: that keeps the five-year
"large" workbook to a few seconds, and keeps the demo out of the undo history. Values only
ever reach SQL as parameters.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from dateutil.rrule import rrulestr

from mentortui.data.model import (
    ACTION_OWNERS,
    CANDIDATE_CRITERIA,
    CHECK_STATES,
    RECORD_TYPES,
    Action,
    AgendaItem,
    Agreement,
    Candidate,
    ChecklistEntry,
    Feedback,
    Goal,
    Meeting,
    Record,
    Relationship,
    REVIEW_STEP_COUNT,
    Review,
    column_kinds,
)
from mentortui.data.review import AGENDA_PREPARED, GOAL_DONE, RESULT_RECORDED, change_entry
from mentortui.data.store import Store, insert_sql, sql_values
from mentortui.data.validation import check_links
from mentortui.core.i18n import format_when
from mentortui.core.policy import ADVICE_WAIT_DAYS
from mentortui.core.text import one_line

R = TypeVar("R", bound=Record)

# ---- content: the same shape in every language ---------------------------------------
#
# ``{name}`` is the partner's first name. Goal titles never name anyone: in a relationship
# where I am the mentor they are my mentee's goals (practice M5: they own them).

_EN: dict[str, Any] = {
    "profiles": {
        "my-mentor": {
            "partner": "Margaret Okafor",
            "why": (
                "I want to grow from senior engineer to staff engineer within two years, and {name} made "
                "exactly that move while leading the payments platform."
            ),
            "hope": (
                "How to lead technical decisions across teams without being anyone's manager, and how to "
                "write design documents that people actually read."
            ),
            "duration": "12 months, then we decide together whether to go on",
        },
        "my-mentee": {
            "partner": "Sam Rivera",
            "why": (
                "Someone gave me a lot of their time when I started; passing it on keeps me honest about "
                "what I really know. I also want to practise listening more than I talk."
            ),
            "hope": (
                "How a new generation of engineers learns, and {name}'s fresh eye on our onboarding and on "
                "tools I stopped questioning long ago."
            ),
            "duration": "9 months, until the end of {name}'s first year",
        },
        "former-mentor": {
            "partner": "Daniel Brooks",
            "why": (
                "I had just become a team lead and needed someone outside the company to think out loud with."
            ),
            "hope": "Running one-to-ones, giving feedback without dodging, and saying no to work that does not serve the team's goals.",
            "duration": "10 months, until the end of my team-lead probation",
        },
    },
    "renewal": "Renewed for one more year (year {n})",
    # My role -> each agreement term as (first version, later versions).
    "terms": {
        "mentee": {
            "my_responsibilities": (
                "Send the agenda two days before each meeting, take notes, and send a recap with the actions the same day.",
                "Send the agenda two days before each meeting, take notes, send a recap the same day, and a monthly "
                "progress update on my goals and on the advice I tried.",
            ),
            "their_responsibilities": (
                "Share experience and contacts; give honest feedback on my design documents.",
                "Share experience and contacts; review one design document a month; introduce me to two staff engineers.",
            ),
            "my_expectations": (
                "Frank feedback, even when it stings; questions rather than ready-made answers.",
                "Frank feedback and questions rather than answers; tell me when I drift away from my goals.",
            ),
            "their_expectations": (
                "Come prepared, try the advice before discussing it again, and say when something does not work.",
                "Come prepared, try the advice, report what came of it, and cancel at least a day ahead.",
            ),
        },
        "mentor": {
            "my_responsibilities": (
                "Keep the slot; listen first; give honest, specific feedback; open doors in my network when it helps.",
                "Keep the slot; listen first; give honest, specific feedback and a short written summary after each "
                "design review; open doors in my network.",
            ),
            "their_responsibilities": (
                "Own the agenda and the goals; take notes; follow up on the actions.",
                "Own the agenda and the goals; send the agenda the day before; tell me what came of the advice.",
            ),
            "my_expectations": (
                "{name} decides; I suggest and ask questions.",
                "{name} decides and sets smaller goals between meetings; I suggest and ask questions.",
            ),
            "their_expectations": (
                "Availability, candour, and never a condescending word.",
                "Availability, candour, and feedback that names the main ways to improve without ever shaming.",
            ),
        },
    },
    # Long-term goal -> short-term goals -> small steps.
    "themes": [
        {
            "title": "Lead a design review",
            "why": "Staff-level work means running decisions, not only making them.",
            "shorts": [
                ("Write a design document for the search rewrite",
                 ["Collect the three main constraints", "Draft the options with their trade-offs", "Ask two peers for comments"]),
                ("Facilitate a first design review",
                 ["Send the document a week ahead", "Prepare three open questions", "Write and share the decision record"]),
                ("Coach a colleague through their own review",
                 ["Pair on their outline", "Sit in their review and take notes", "Debrief together afterwards"]),
            ],
        },
        {
            "title": "Speak in public with confidence",
            "why": "Ideas only travel if someone presents them well.",
            "shorts": [
                ("Give a lightning talk at the team meetup",
                 ["Pick a topic already well known", "Rehearse with a timer", "Ask the audience for two points to improve"]),
                ("Present the quarterly results to the department",
                 ["Build a ten-slide storyline", "Rehearse in front of the mentor", "Prepare answers to the hard questions"]),
                ("Submit a talk to a conference",
                 ["Write the abstract", "Get feedback on the abstract", "Submit before the deadline"]),
            ],
        },
        {
            "title": "Grow a professional network",
            "why": "Most opportunities so far came through people, not job boards.",
            "shorts": [
                ("Meet people outside the team",
                 ["List five people worth meeting", "Ask the mentor for two introductions", "Have one coffee chat a week"]),
                ("Join a community of practice",
                 ["Find the architecture guild", "Attend two sessions", "Offer to run one session"]),
                ("Keep in touch with former colleagues",
                 ["Send three news messages", "Meet one former colleague for lunch", "Share a useful article with the old team"]),
            ],
        },
        {
            "title": "Move into a team lead role",
            "why": "The team needs a lead next year and the role is a good fit.",
            "shorts": [
                ("Run useful one-to-ones",
                 ["Read about one-to-one formats", "Draft a list of questions", "Ask the team what they expect"]),
                ("Learn to delegate",
                 ["List the tasks nobody else can do today", "Hand over one task with clear context", "Resist taking it back"]),
                ("Give feedback without dodging",
                 ["Practise the situation-behaviour-impact form", "Give one piece of positive feedback a week", "Have the postponed hard conversation"]),
            ],
        },
        {
            "title": "Master distributed systems",
            "why": "The platform is moving to event streams; this is where the hard problems will be.",
            "shorts": [
                ("Understand consensus algorithms",
                 ["Read the Raft paper", "Explain it to the mentor in ten minutes", "Build a toy implementation"]),
                ("Take the on-call rotation for the queue service",
                 ["Shadow two on-call weeks", "Rewrite the runbook", "Lead one incident review"]),
                ("Improve the observability of the service",
                 ["Define three key indicators", "Add traces to the slow endpoints", "Build the dashboard"]),
            ],
        },
        {
            "title": "Find a better work-life balance",
            "why": "Evenings spent on email are not making anyone better at the job.",
            "shorts": [
                ("Protect focus time",
                 ["Block two mornings a week", "Decline meetings without an agenda", "Review the week on Friday"]),
                ("Say no to work outside the goals",
                 ["Write down the three priorities", "Practise a polite refusal", "Tell the manager what was dropped"]),
                ("Take real holidays",
                 ["Plan the dates with the team", "Write a handover note", "Switch off notifications"]),
            ],
        },
    ],
    # Even smaller steps, for the deeper trees of the large workbook.
    "substeps": [
        "Block thirty minutes for it in the calendar",
        "Ask a colleague for a quick review",
        "Write down what was learnt",
        "Tell the mentor how it went",
        "Find an example to learn from",
        "Check it against the long-term goal",
    ],
    "headings": {
        "topics": "Topics",
        "advice": "Advice from {name}",
        "follow_ups": "Follow-up questions",
        "next_steps": "Before the next meeting",
        "difficulties": "Their difficulties",
        "questions": "Questions I asked",
        "encouragement": "Encouragement given",
        "room": "Did I decide for them?",
    },
    "topics": [
        "Preparing the design review of the search service",
        "Feedback from the last sprint demo",
        "How to say no to an urgent side project",
        "Career path: staff engineer or manager?",
        "A reading list on system design",
        "Handling a disagreement with a senior colleague",
        "Planning next quarter's goals",
        "What went well since last time",
        "An idea for a conference talk",
        "Balancing on-call with project work",
    ],
    "mentee_questions": [
        "How did you prepare for your first promotion?",
        "How do you decide that a design is good enough?",
        "Who in your network knows the data platform well?",
        "How do you keep up with new tools without burning out?",
        "What could have gone differently in Tuesday's incident?",
        "How do you structure a difficult conversation?",
        "Which goal would you tackle first this quarter, and why?",
    ],
    "open_questions": [
        "What would a good outcome look like for you?",
        "What have you already tried?",
        "What is really in the way?",
        "Who could help you with that?",
        "How will you know you are making progress?",
        "What would you do if you were not afraid of getting it wrong?",
        "Which option feels most like you?",
        "What did you learn from that?",
    ],
    "difficulties": [
        "Caught between two senior colleagues who disagree on the architecture.",
        "Struggles to find time for deep work with all the meetings.",
        "Worried that the first review will go badly.",
        "Unsure whether to apply for the team lead position.",
        "Finds the new codebase hard to navigate; hesitates to ask for help.",
        "Got harsh comments on a pull request and lost some confidence.",
        "Too many projects at once; nothing ever feels finished.",
    ],
    "encouragement": [
        "Told {name} the draft was already better than most I review.",
        "Reminded {name} how much ground has been covered since we started.",
        "Said I trust {name} to make the call on the API design.",
        "Pointed out that asking for help is a strength, not a weakness.",
        "Celebrated the first review led from start to finish.",
    ],
    "room_to_grow": [
        "No — I listed options and {name} chose.",
        "Almost: I was about to give the answer and asked a question instead.",
        "No — {name} wrote the plan; I only asked how progress would be measured.",
        "A little: I pushed for one library. To acknowledge next time.",
    ],
    "follow_ups": [
        "Ask {name} who ran the last database migration.",
        "How long should a decision record be?",
        "Is it fine to say “I don't know” in a review?",
        "Find the book on facilitation that {name} mentioned.",
        "Ask {name} how to handle a reviewer who never replies.",
    ],
    "next_steps": [
        "Finish the outline and share it.",
        "Book the room for the review.",
        "Try the “trade-offs first” structure at Thursday's demo.",
        "Send {name} a short progress update.",
        "Have one coffee chat with someone from another team.",
    ],
    "agenda": {
        "goal": "Progress on: {title}",
        "action": [
            "Go through last meeting's actions",
            "Follow up on the open actions",
            "Check what is still pending from last time",
        ],
        "advice": [
            "What came of the advice on presenting trade-offs",
            "Report on trying the focus mornings",
            "Result of saying no with an alternative",
            "How the one-to-one format change went",
        ],
        "revisit": [
            "Revisit our agreement: cadence and modes",
            "Is the meeting length still right?",
            "Review each side's responsibilities",
        ],
    },
    # Who does it -> what.
    "actions": {
        "mentee": [
            "Send the design document draft for comments",
            "Book the design review",
            "Write the decision record",
            "Prepare three questions for the next meeting",
            "Ask the team what they expect from one-to-ones",
            "Update the goal plan",
            "Send a short progress update",
            "Rehearse the talk with a timer",
        ],
        "mentor": [
            "Share the article on decision records",
            "Make the introduction to the platform team lead",
            "Review the design document draft",
            "Send the recording of the talk on facilitation",
            "Set up an informal chat with a staff engineer from my network",
            "Find an example of a good quarterly presentation",
        ],
    },
    # Kind -> who it is addressed to -> text.
    "feedback": {
        "advice": {
            "mentee": [
                "Present the trade-offs before your recommendation.",
                "Send the design document a week before the review, not the day before.",
                "Ask each reviewer for one question instead of general comments.",
                "Write down every decision and who made it.",
                "Say no with an alternative: “not now, but after the release”.",
                "Block two mornings a week for deep work and defend them.",
                "Start one-to-ones with their agenda, not yours.",
                "When you disagree, restate the other view first.",
                "Pick one indicator that shows your service is healthy.",
            ],
            "mentor": [
                "A short written recap from you after our meetings would help me remember the advice.",
                "Tell me more about your own mistakes; those stories help me most.",
                "Let's end each meeting with a one-line summary.",
            ],
        },
        "praise": {
            "mentee": [
                "The design document was clear and the options were fairly presented.",
                "You handled the hard question in the review calmly.",
                "Sending the agenda early made our meeting much better.",
                "Your incident write-up was honest and useful to the whole team.",
                "You delegated the release and stayed out of it. Well done.",
            ],
            "mentor": [
                "Your question about what I really wanted changed how I see the problem.",
                "You always make time, even in busy weeks.",
                "The introduction to the platform team opened many doors.",
                "Your story of a failed project was the most useful thing I heard this month.",
            ],
        },
        "constructive": {
            "mentee": [
                "The document is long and the decision is on page six. Lead with it — the rest is solid.",
                "In the review you answered before people had finished their questions. Try pausing for two seconds.",
                "The plan lists ten goals; pick the three that matter most and the rest will follow.",
                "Your estimates slip by about a week each time. Count the review time explicitly.",
                "The end of the demo was rushed. Cut a section rather than speed up.",
            ],
            "mentor": [
                "Our meetings often run over; could we keep to the hour?",
                "Sometimes you give the answer before I have finished thinking. A question would help me more.",
                "I would like more direct feedback, even when it is uncomfortable.",
            ],
        },
        "progress-update": {
            "mentee": [
                "I spoke with the platform team lead; expect a message this week.",
                "I found the recording of the talk I mentioned; the link is in your inbox.",
            ],
            "mentor": [
                "Design document sent to reviewers; the review is booked for next Thursday.",
                "Tried “trade-offs first” in the demo: fewer interruptions, shorter discussion.",
                "Lightning talk done! Two people asked for the slides.",
                "Delegated the release checklist; it went fine without me.",
                "Met two people from the data team thanks to your introductions.",
                "Focus mornings held three weeks in a row.",
            ],
        },
        "thanks": {
            "mentee": [
                "Thanks for showing me the new profiling tool — I use it every day now.",
                "Thank you for your candid feedback on how I run our meetings.",
                "Thanks for your question on onboarding; it changed how my team welcomes people.",
            ],
            "mentor": [
                "Thank you for the time you gave me before the review — it made all the difference.",
                "Thanks for the honest feedback on my talk; I needed it.",
                "Thank you for these months together. I will keep you posted on how things go.",
                "Thanks for the introductions; every one of them was useful.",
            ],
        },
    },
    "results": [
        "Tried it: the review took half the time and the decision stuck.",
        "Worked well — people asked better questions.",
        "Partly: it helped with my team, less with the other department.",
        "Tried twice; the second time it felt natural.",
        "It worked, and my manager noticed.",
    ],
    "not_tried": [
        "Not tried: the situation did not come up.",
        "Not tried yet — the project was paused.",
    ],
    # E4: thanks at the end, then news to stay in touch (mentee to mentor).
    "farewell": {
        "thanks": "Last meeting: thank you for your time, your questions and your honesty. I will keep you posted.",
        "progress-update": "News, as promised: the team has doubled, and one-to-ones are now the best part of my week.",
    },
    "cancelled": [
        "Cancelled — {name} was travelling.",
        "Cancelled — public holiday.",
        "Cancelled — I was ill; we caught up by email.",
    ],
    "checklist_notes": {
        "why-written": "Written in the profile; I reread it before each weekly review.",
        "learning-named": "I want to learn how newcomers see our tools.",
        "expectations-shared": "Asked at the first meeting; written into the agreement.",
        "frequency-agreed": "Every two weeks, one hour, video by default.",
        "no-shaming": "Praise in public, improvement paths in private.",
        "criteria-listed": "Linked to my goals, respected, good network, right skills and experience.",
        "candidates-compared": "Three candidates scored in the workbook.",
        "agenda-set": "Agenda sent two days ahead, every time since the second meeting.",
        "notes-taken": "Notes in each meeting, recap the same day.",
        "advice-tried": "Keep the advice → tried → result log up to date.",
        "thanks-said": "Thank-you note sent after the last meeting.",
        "stay-in-touch": "A short update every three months.",
    },
    # My role -> review question -> possible answers.
    "review": {
        "mentee": {
            "progress": [
                "Design document finished and sent to reviewers.",
                "Kept the focus mornings three times.",
                "Lightning talk accepted for the meetup.",
            ],
            "advice": [
                "Tried “trade-offs first”: it worked, I will tell {name}.",
                "Did not try the advice on saying no yet — no occasion.",
                "Logged the result of last week's advice.",
            ],
            "next_agenda": [
                "Ask about preparing the quarterly presentation.",
                "Revisit the meeting cadence.",
                "Bring the draft plan for the on-call rotation.",
            ],
            "small_goal": [
                "Write the decision record before Thursday.",
                "Have one coffee chat with the data team.",
                "Rehearse the talk twice.",
            ],
            "gratitude": [
                "Thanked {name} for the introduction to the platform team.",
                "Nothing this week — thank {name} at the next meeting.",
                "Sent a short thank-you after the review.",
            ],
        },
        "mentor": {
            "listening": [
                "{name} is worried about the review; I mostly listened.",
                "Asked three open questions before giving any advice.",
                "Heard that the workload is the real issue, not the skills.",
            ],
            "feedback": [
                "Feedback on the document: honest, two main paths, no blame.",
                "Praised the incident write-up in detail.",
                "Held back a remark that would have sounded harsh; I will phrase it better.",
            ],
            "decided_for_them": [
                "No — {name} chose the approach.",
                "A little: I suggested the library too strongly.",
                "No, and I said I trust the decision.",
            ],
            "learnt": [
                "A new way to profile queries, from {name}.",
                "How newcomers read our documentation.",
                "That my questions work better when they are shorter.",
            ],
            "next": [
                "Ask how the review went.",
                "Share the article on decision records.",
                "Check the agreement's revisit date.",
            ],
        },
    },
    "candidates": [
        {
            "name": "Margaret Okafor",
            "notes": "Made the senior-to-staff move at two companies; respected across engineering; a huge network. First choice.",
        },
        {
            "name": "Priya Natarajan",
            "notes": "Brilliant on distributed systems, but far from my career goals, and very busy.",
        },
        {
            "name": "Tom Becker",
            "notes": "Friendly and available; a smaller network and little experience of leading.",
        },
    ],
}

_FR: dict[str, Any] = {
    "profiles": {
        "my-mentor": {
            "partner": "Claire Dubois",
            "why": (
                "Je veux évoluer vers un poste de staff engineer d'ici deux ans, et {name} a fait exactement ce "
                "parcours en dirigeant la plateforme de paiement."
            ),
            "hope": (
                "Comment mener des décisions techniques entre équipes sans être manager, et comment écrire des "
                "documents de conception que les gens lisent vraiment."
            ),
            "duration": "12 mois, puis nous décidons ensemble de continuer ou non",
        },
        "my-mentee": {
            "partner": "Camille Martin",
            "why": (
                "Quelqu'un m'a donné beaucoup de son temps à mes débuts ; transmettre à mon tour m'oblige à "
                "savoir ce que je sais vraiment. Je veux aussi m'entraîner à écouter plus que je ne parle."
            ),
            "hope": (
                "Comment une nouvelle génération d'ingénieurs apprend, et le regard neuf de {name} sur notre "
                "accueil des nouveaux et sur des outils que je ne questionne plus depuis longtemps."
            ),
            "duration": "9 mois, jusqu'à la fin de la première année de {name}",
        },
        "former-mentor": {
            "partner": "Hugo Lefèvre",
            "why": (
                "Je venais de prendre la responsabilité d'une équipe et j'avais besoin de quelqu'un hors de "
                "l'entreprise pour réfléchir à voix haute."
            ),
            "hope": "Mener des entretiens individuels, donner du feedback sans me dérober, et refuser le travail qui ne sert pas les objectifs de l'équipe.",
            "duration": "10 mois, jusqu'à la fin de ma période d'essai de responsable d'équipe",
        },
    },
    "renewal": "Renouvelé pour un an (année {n})",
    "terms": {
        "mentee": {
            "my_responsibilities": (
                "Envoyer l'ordre du jour deux jours avant chaque réunion, prendre des notes et envoyer le jour même "
                "un compte rendu avec les actions.",
                "Envoyer l'ordre du jour deux jours avant, prendre des notes, envoyer un compte rendu le jour même, "
                "et chaque mois un point d'avancement sur mes objectifs et sur les conseils essayés.",
            ),
            "their_responsibilities": (
                "Partager son expérience et son réseau ; faire des retours honnêtes sur mes documents de conception.",
                "Partager son expérience et son réseau ; relire un document de conception par mois ; me présenter "
                "deux staff engineers.",
            ),
            "my_expectations": (
                "Des retours francs, même quand ils piquent ; des questions plutôt que des réponses toutes faites.",
                "Des retours francs et des questions plutôt que des réponses ; me signaler quand je m'éloigne de mes objectifs.",
            ),
            "their_expectations": (
                "Préparer chaque réunion, essayer les conseils avant d'en reparler, et dire quand quelque chose ne marche pas.",
                "Préparer chaque réunion, essayer les conseils, dire ce qu'ils ont donné, et annuler au moins la veille.",
            ),
        },
        "mentor": {
            "my_responsibilities": (
                "Tenir le créneau ; écouter d'abord ; faire des retours honnêtes et précis ; ouvrir mon réseau quand c'est utile.",
                "Tenir le créneau ; écouter d'abord ; faire des retours honnêtes et précis, avec un court résumé écrit "
                "après chaque revue de conception ; ouvrir mon réseau.",
            ),
            "their_responsibilities": (
                "Porter l'ordre du jour et les objectifs ; prendre des notes ; assurer le suivi des actions.",
                "Porter l'ordre du jour et les objectifs ; envoyer l'ordre du jour la veille ; me dire ce qu'ont donné les conseils.",
            ),
            "my_expectations": (
                "{name} décide ; je propose et je pose des questions.",
                "{name} décide et se fixe de petits objectifs entre les réunions ; je propose et je pose des questions.",
            ),
            "their_expectations": (
                "De la disponibilité, de la franchise, et jamais un mot condescendant.",
                "De la disponibilité, de la franchise, et des retours qui indiquent les principales pistes "
                "d'amélioration sans jamais faire honte.",
            ),
        },
    },
    "themes": [
        {
            "title": "Animer une revue de conception",
            "why": "Au niveau staff, il s'agit de conduire les décisions, pas seulement de les prendre.",
            "shorts": [
                ("Rédiger un document de conception pour la refonte de la recherche",
                 ["Recenser les trois contraintes principales", "Décrire les options et leurs compromis", "Demander l'avis de deux pairs"]),
                ("Animer une première revue de conception",
                 ["Envoyer le document une semaine avant", "Préparer trois questions ouvertes", "Rédiger et partager le compte rendu de décision"]),
                ("Accompagner un collègue dans sa propre revue",
                 ["Travailler son plan en binôme", "Assister à sa revue et prendre des notes", "Faire le bilan ensemble"]),
            ],
        },
        {
            "title": "Prendre la parole en public avec assurance",
            "why": "Une idée ne circule que si quelqu'un la présente bien.",
            "shorts": [
                ("Présenter un lightning talk au meetup de l'équipe",
                 ["Choisir un sujet déjà bien maîtrisé", "Répéter avec un chronomètre", "Demander au public deux points à améliorer"]),
                ("Présenter les résultats du trimestre au département",
                 ["Construire un fil conducteur en dix diapositives", "Répéter devant le mentor", "Préparer les réponses aux questions difficiles"]),
                ("Proposer un sujet à une conférence",
                 ["Rédiger le résumé", "Faire relire le résumé", "Soumettre avant la date limite"]),
            ],
        },
        {
            "title": "Développer un réseau professionnel",
            "why": "Jusqu'ici, les occasions sont venues des personnes, pas des offres d'emploi.",
            "shorts": [
                ("Rencontrer des personnes hors de l'équipe",
                 ["Lister cinq personnes à rencontrer", "Demander deux mises en relation au mentor", "Prendre un café par semaine avec quelqu'un"]),
                ("Rejoindre une communauté de pratique",
                 ["Trouver la guilde architecture", "Participer à deux séances", "Proposer d'animer une séance"]),
                ("Garder le contact avec d'anciens collègues",
                 ["Envoyer trois messages de nouvelles", "Déjeuner avec un ancien collègue", "Partager un article utile avec l'ancienne équipe"]),
            ],
        },
        {
            "title": "Devenir responsable d'équipe",
            "why": "L'équipe aura besoin d'un responsable l'an prochain, et le rôle correspond bien.",
            "shorts": [
                ("Mener des entretiens individuels utiles",
                 ["Se documenter sur les formats d'entretien", "Rédiger une liste de questions", "Demander à l'équipe ce qu'elle en attend"]),
                ("Apprendre à déléguer",
                 ["Lister les tâches que personne d'autre ne sait faire", "Confier une tâche avec un contexte clair", "Résister à l'envie de la reprendre"]),
                ("Donner du feedback sans esquiver",
                 ["S'exercer au format situation-comportement-impact", "Faire un retour positif par semaine", "Avoir la conversation difficile repoussée"]),
            ],
        },
        {
            "title": "Maîtriser les systèmes distribués",
            "why": "La plateforme passe aux flux d'événements ; c'est là que seront les problèmes difficiles.",
            "shorts": [
                ("Comprendre les algorithmes de consensus",
                 ["Lire l'article sur Raft", "L'expliquer au mentor en dix minutes", "Écrire une implémentation jouet"]),
                ("Prendre l'astreinte du service de files",
                 ["Suivre deux semaines d'astreinte en observation", "Réécrire le guide d'exploitation", "Animer une revue d'incident"]),
                ("Améliorer l'observabilité du service",
                 ["Définir trois indicateurs clés", "Ajouter des traces aux points lents", "Construire le tableau de bord"]),
            ],
        },
        {
            "title": "Trouver un meilleur équilibre entre vie pro et vie perso",
            "why": "Les soirées passées sur les courriels ne rendent personne meilleur dans son travail.",
            "shorts": [
                ("Protéger du temps de concentration",
                 ["Bloquer deux matinées par semaine", "Refuser les réunions sans ordre du jour", "Faire le bilan de la semaine le vendredi"]),
                ("Dire non au travail hors des objectifs",
                 ["Écrire les trois priorités", "S'entraîner à refuser poliment", "Dire au manager ce qui a été abandonné"]),
                ("Prendre de vraies vacances",
                 ["Fixer les dates avec l'équipe", "Rédiger une note de passation", "Couper les notifications"]),
            ],
        },
    ],
    "substeps": [
        "Bloquer trente minutes dans l'agenda",
        "Demander une relecture rapide à un collègue",
        "Noter ce qui a été appris",
        "Raconter au mentor comment ça s'est passé",
        "Trouver un exemple dont s'inspirer",
        "Vérifier le lien avec l'objectif à long terme",
    ],
    "headings": {
        "topics": "Sujets abordés",
        "advice": "Conseils de {name}",
        "follow_ups": "Questions de suivi",
        "next_steps": "D'ici la prochaine réunion",
        "difficulties": "Ses difficultés",
        "questions": "Questions posées",
        "encouragement": "Encouragements donnés",
        "room": "Ai-je décidé à sa place ?",
    },
    "topics": [
        "Préparation de la revue de conception du service de recherche",
        "Retours sur la dernière démo de sprint",
        "Comment refuser un projet annexe urgent",
        "Évolution de carrière : staff engineer ou manager ?",
        "Lectures sur la conception de systèmes",
        "Gérer un désaccord avec un collègue senior",
        "Planifier les objectifs du prochain trimestre",
        "Ce qui a bien marché depuis la dernière fois",
        "Une idée de présentation pour une conférence",
        "Concilier astreinte et travail de projet",
    ],
    "mentee_questions": [
        "Comment avez-vous préparé votre première promotion ?",
        "Comment décidez-vous qu'une conception est suffisante ?",
        "Qui, dans votre réseau, connaît bien la plateforme de données ?",
        "Comment suivre les nouveaux outils sans s'épuiser ?",
        "Qu'est-ce qui aurait pu se passer autrement lors de l'incident de mardi ?",
        "Comment structurez-vous une conversation difficile ?",
        "Quel objectif attaqueriez-vous en premier ce trimestre, et pourquoi ?",
    ],
    "open_questions": [
        "À quoi ressemblerait une bonne issue pour vous ?",
        "Qu'avez-vous déjà essayé ?",
        "Qu'est-ce qui vous bloque vraiment ?",
        "Qui pourrait vous aider là-dessus ?",
        "Comment saurez-vous que vous progressez ?",
        "Que feriez-vous si vous n'aviez pas peur de vous tromper ?",
        "Quelle option vous ressemble le plus ?",
        "Qu'en avez-vous appris ?",
    ],
    "difficulties": [
        "Situation délicate entre deux collègues seniors en désaccord sur l'architecture.",
        "Du mal à trouver du temps de concentration avec toutes les réunions.",
        "Appréhende que la première revue se passe mal.",
        "Hésite à postuler au poste de responsable d'équipe.",
        "Le nouveau code est difficile à parcourir ; hésite à demander de l'aide.",
        "A reçu des commentaires durs sur une pull request et a perdu confiance.",
        "Trop de projets en parallèle ; rien ne semble jamais terminé.",
    ],
    "encouragement": [
        "J'ai dit à {name} que le brouillon était déjà meilleur que la plupart de ceux que je relis.",
        "J'ai rappelé à {name} le chemin parcouru depuis le début.",
        "J'ai dit à {name} que je lui faisais confiance pour trancher sur l'API.",
        "J'ai souligné que demander de l'aide est une force, pas une faiblesse.",
        "Nous avons fêté la première revue menée de bout en bout.",
    ],
    "room_to_grow": [
        "Non — j'ai listé des options et {name} a choisi.",
        "Presque : j'allais donner la réponse, j'ai posé une question à la place.",
        "Non — {name} a écrit le plan ; j'ai seulement demandé comment mesurer les progrès.",
        "Un peu : j'ai insisté pour une bibliothèque. À reconnaître la prochaine fois.",
    ],
    "follow_ups": [
        "Demander à {name} qui a mené la dernière migration de base de données.",
        "Quelle longueur pour un compte rendu de décision ?",
        "Peut-on dire « je ne sais pas » en revue ?",
        "Retrouver le livre sur l'animation de réunions cité par {name}.",
        "Demander à {name} que faire d'un relecteur qui ne répond jamais.",
    ],
    "next_steps": [
        "Terminer le plan et le partager.",
        "Réserver la salle pour la revue.",
        "Essayer la structure « compromis d'abord » à la démo de jeudi.",
        "Envoyer à {name} un court point d'avancement.",
        "Prendre un café avec quelqu'un d'une autre équipe.",
    ],
    "agenda": {
        "goal": "Avancement : {title}",
        "action": [
            "Passer en revue les actions de la dernière réunion",
            "Faire le point sur les actions ouvertes",
            "Vérifier ce qui reste en suspens depuis la dernière fois",
        ],
        "advice": [
            "Ce qu'a donné le conseil sur la présentation des compromis",
            "Retour sur l'essai des matinées de concentration",
            "Résultat du « non » avec une alternative",
            "Bilan du nouveau format d'entretien individuel",
        ],
        "revisit": [
            "Revoir notre accord : fréquence et modes d'échange",
            "La durée des réunions convient-elle toujours ?",
            "Revoir les responsabilités de chacun",
        ],
    },
    "actions": {
        "mentee": [
            "Envoyer le brouillon du document de conception pour commentaires",
            "Réserver la revue de conception",
            "Rédiger le compte rendu de décision",
            "Préparer trois questions pour la prochaine réunion",
            "Demander à l'équipe ce qu'elle attend des entretiens individuels",
            "Mettre à jour le plan d'objectifs",
            "Envoyer un court point d'avancement",
            "Répéter la présentation avec un chronomètre",
        ],
        "mentor": [
            "Partager l'article sur les comptes rendus de décision",
            "Faire la mise en relation avec le responsable de l'équipe plateforme",
            "Relire le brouillon du document de conception",
            "Envoyer l'enregistrement de la conférence sur l'animation de réunions",
            "Organiser un échange informel avec un staff engineer de mon réseau",
            "Trouver un exemple de bonne présentation trimestrielle",
        ],
    },
    "feedback": {
        "advice": {
            "mentee": [
                "Présentez les compromis avant votre recommandation.",
                "Envoyez le document de conception une semaine avant la revue, pas la veille.",
                "Demandez à chaque relecteur une question plutôt que des commentaires généraux.",
                "Notez chaque décision et qui l'a prise.",
                "Dites non avec une alternative : « pas maintenant, mais après la mise en production ».",
                "Bloquez deux matinées par semaine pour le travail de fond et défendez-les.",
                "Commencez les entretiens individuels par leur ordre du jour, pas le vôtre.",
                "En cas de désaccord, reformulez d'abord le point de vue de l'autre.",
                "Choisissez un indicateur qui montre que votre service va bien.",
            ],
            "mentor": [
                "Un court récapitulatif écrit de votre part après nos réunions m'aiderait à retenir les conseils.",
                "Racontez-moi davantage vos propres erreurs : ce sont les histoires qui m'aident le plus.",
                "Terminons chaque réunion par un résumé en une phrase.",
            ],
        },
        "praise": {
            "mentee": [
                "Le document de conception était clair et les options présentées équitablement.",
                "Vous avez répondu calmement à la question difficile pendant la revue.",
                "L'ordre du jour envoyé tôt a rendu notre réunion bien meilleure.",
                "Votre compte rendu d'incident était honnête et utile à toute l'équipe.",
                "Vous avez délégué la mise en production sans reprendre la main. Bravo.",
            ],
            "mentor": [
                "Votre question sur ce que je voulais vraiment a changé ma façon de voir le problème.",
                "Vous trouvez toujours du temps, même les semaines chargées.",
                "La mise en relation avec l'équipe plateforme m'a ouvert beaucoup de portes.",
                "Votre histoire de projet raté est ce que j'ai entendu de plus utile ce mois-ci.",
            ],
        },
        "constructive": {
            "mentee": [
                "Le document est long et la décision arrive page six. Commencez par elle — le reste est solide.",
                "En revue, vous avez répondu avant la fin des questions. Essayez de marquer une pause de deux secondes.",
                "Le plan liste dix objectifs ; choisissez les trois qui comptent le plus, le reste suivra.",
                "Vos estimations glissent d'environ une semaine à chaque fois. Comptez explicitement le temps de relecture.",
                "La fin de la démo était précipitée. Coupez une partie plutôt que d'accélérer.",
            ],
            "mentor": [
                "Nos réunions débordent souvent ; pourrions-nous tenir l'heure ?",
                "Parfois vous donnez la réponse avant que j'aie fini de réfléchir. Une question m'aiderait davantage.",
                "J'aimerais des retours plus directs, même quand ils sont inconfortables.",
            ],
        },
        "progress-update": {
            "mentee": [
                "J'ai parlé au responsable de l'équipe plateforme ; un message devrait vous arriver cette semaine.",
                "J'ai retrouvé l'enregistrement de la conférence dont je vous parlais ; le lien est dans votre boîte.",
            ],
            "mentor": [
                "Document de conception envoyé aux relecteurs ; revue prévue jeudi prochain.",
                "Essayé « compromis d'abord » pendant la démo : moins d'interruptions, discussion plus courte.",
                "Lightning talk fait ! Deux personnes ont demandé les diapositives.",
                "Check-list de mise en production déléguée ; tout s'est bien passé sans moi.",
                "Rencontré deux personnes de l'équipe data grâce à vos mises en relation.",
                "Matinées de concentration tenues trois semaines de suite.",
            ],
        },
        "thanks": {
            "mentee": [
                "Merci de m'avoir montré le nouvel outil de profilage : je l'utilise tous les jours.",
                "Merci pour votre retour franc sur ma façon d'animer nos réunions.",
                "Merci pour votre question sur l'accueil des nouveaux : mon équipe a changé sa façon de faire.",
            ],
            "mentor": [
                "Merci pour le temps que vous m'avez consacré avant la revue : cela a tout changé.",
                "Merci pour ce retour honnête sur ma présentation, j'en avais besoin.",
                "Merci pour ces mois passés ensemble. Je vous tiendrai au courant de la suite.",
                "Merci pour les mises en relation : chacune m'a été utile.",
            ],
        },
    },
    "results": [
        "Essayé : la revue a pris deux fois moins de temps et la décision a tenu.",
        "Ça a bien marché — les questions étaient meilleures.",
        "En partie : utile avec mon équipe, moins avec l'autre département.",
        "Essayé deux fois ; la deuxième fois, c'était naturel.",
        "Ça a marché, et mon manager l'a remarqué.",
    ],
    "not_tried": [
        "Pas essayé : l'occasion ne s'est pas présentée.",
        "Pas encore essayé — le projet a été mis en pause.",
    ],
    "farewell": {
        "thanks": "Dernière réunion : merci pour votre temps, vos questions et votre franchise. Je vous tiendrai au courant.",
        "progress-update": "Des nouvelles, comme promis : l'équipe a doublé, et les entretiens individuels sont devenus le meilleur moment de ma semaine.",
    },
    "cancelled": [
        "Annulée — {name} était en déplacement.",
        "Annulée — jour férié.",
        "Annulée — j'étais malade ; nous avons échangé par courriel.",
    ],
    "checklist_notes": {
        "why-written": "Écrit dans le profil ; je le relis avant chaque bilan hebdomadaire.",
        "learning-named": "Je veux apprendre comment les nouveaux voient nos outils.",
        "expectations-shared": "Demandé à la première réunion ; inscrit dans l'accord.",
        "frequency-agreed": "Toutes les deux semaines, une heure, en visio par défaut.",
        "no-shaming": "Les félicitations en public, les pistes d'amélioration en privé.",
        "criteria-listed": "Lien avec mes objectifs, respect dans le domaine, réseau, compétences et expérience.",
        "candidates-compared": "Trois candidats notés dans le classeur.",
        "agenda-set": "Ordre du jour envoyé deux jours avant, à chaque fois depuis la deuxième réunion.",
        "notes-taken": "Des notes à chaque réunion, compte rendu le jour même.",
        "advice-tried": "Tenir à jour le suivi conseil → essayé → résultat.",
        "thanks-said": "Mot de remerciement envoyé après la dernière réunion.",
        "stay-in-touch": "Un court message de nouvelles tous les trois mois.",
    },
    "review": {
        "mentee": {
            "progress": [
                "Document de conception terminé et envoyé aux relecteurs.",
                "Matinées de concentration tenues trois fois.",
                "Lightning talk accepté pour le meetup.",
            ],
            "advice": [
                "Essayé « compromis d'abord » : ça a marché, je le dirai à {name}.",
                "Pas encore essayé le conseil sur le refus — pas d'occasion.",
                "Résultat du conseil de la semaine dernière noté dans le suivi.",
            ],
            "next_agenda": [
                "Demander comment préparer la présentation trimestrielle.",
                "Revoir la fréquence des réunions.",
                "Apporter le projet de plan pour l'astreinte.",
            ],
            "small_goal": [
                "Rédiger le compte rendu de décision avant jeudi.",
                "Prendre un café avec l'équipe data.",
                "Répéter la présentation deux fois.",
            ],
            "gratitude": [
                "Remercié {name} pour la mise en relation avec l'équipe plateforme.",
                "Rien cette semaine — remercier {name} à la prochaine réunion.",
                "Envoyé un court merci après la revue.",
            ],
        },
        "mentor": {
            "listening": [
                "{name} s'inquiète pour la revue ; j'ai surtout écouté.",
                "Posé trois questions ouvertes avant de donner le moindre conseil.",
                "Compris que la charge de travail est le vrai problème, pas les compétences.",
            ],
            "feedback": [
                "Retour sur le document : honnête, deux pistes principales, sans reproche.",
                "Félicitations détaillées pour le compte rendu d'incident.",
                "Retenu une remarque qui aurait sonné dur ; je la formulerai mieux.",
            ],
            "decided_for_them": [
                "Non — {name} a choisi l'approche.",
                "Un peu : j'ai trop insisté sur la bibliothèque.",
                "Non, et j'ai dit que j'avais confiance dans la décision.",
            ],
            "learnt": [
                "Une nouvelle façon de profiler les requêtes, grâce à {name}.",
                "Comment les nouveaux lisent notre documentation.",
                "Que mes questions marchent mieux quand elles sont courtes.",
            ],
            "next": [
                "Demander comment s'est passée la revue.",
                "Partager l'article sur les comptes rendus de décision.",
                "Vérifier la date de révision de l'accord.",
            ],
        },
    },
    "candidates": [
        {
            "name": "Claire Dubois",
            "notes": "A fait le passage de senior à staff dans deux entreprises ; respectée dans toute l'ingénierie ; un très grand réseau. Premier choix.",
        },
        {
            "name": "Nadia Benali",
            "notes": "Brillante sur les systèmes distribués, mais loin de mes objectifs de carrière, et très prise.",
        },
        {
            "name": "Julien Roche",
            "notes": "Sympathique et disponible ; un réseau plus restreint et peu d'expérience du management.",
        },
    ],
}

CONTENT: dict[str, dict[str, Any]] = {"en": _EN, "fr": _FR}

# ---- the shape of the workbook: language-independent ---------------------------------

MENTOR_PRACTICES = ("M1", "M2", "M3", "M4", "M5", "M6")
MENTEE_PRACTICES = ("E1", "E2", "E3", "E4")
# The guide's check items (keys of mentortui/content/guide.toml; tests/test_guide.py keeps
# the two in step). Items the app answers from data still get a state and a note here.
CHECKLIST_ITEMS: dict[str, tuple[str, ...]] = {
    "M1": ("why-written", "learning-named", "time-weighed", "preferences-known", "learning-noticed"),
    "M2": ("expectations-shared", "duration-agreed", "frequency-agreed", "modes-agreed", "responsibilities-written",
           "revisit-planned"),
    "M3": ("full-attention", "questions-asked", "difficulties-heard", "encouragement-given"),
    "M4": ("situation-understood", "honest", "main-paths-named", "no-shaming", "feedback-logged"),
    "M5": ("no-decision-for-them", "goals-owned", "skills-practised", "confidence-said"),
    "M6": ("career-vision", "long-goals-set", "short-goals-set", "steps-planned", "mentoring-role-named"),
    "E1": ("criteria-listed", "research-done", "candidates-compared", "mentor-asked"),
    "E2": ("goals-shared", "limits-known", "meetings-planned", "agenda-set", "notes-taken", "follow-up-sent"),
    "E3": ("open-to-feedback", "advice-tried", "results-told", "progress-reported", "small-goals-set"),
    "E4": ("thanks-said", "end-date-known", "closure-done", "stay-in-touch"),
}
# The demo's review questions -> the keys the review screen stores answers under
# ("wins", "goals", or "guide-" + the practice the question reflects on).
REVIEW_ANSWER_KEYS = {
    "mentee": {"progress": "wins", "small_goal": "goals", "advice": "guide-E3", "next_agenda": "guide-E2",
               "gratitude": "guide-E4"},
    "mentor": {"listening": "guide-M3", "feedback": "guide-M4", "decided_for_them": "guide-M5",
               "learnt": "guide-M1", "next": "goals"},
}
RUBRIC_KEYS = ("honest", "about-the-work", "main-improvements", "no-shaming", "confidence")

# Meeting notes, by my role: (heading key, content pool, how many lines). As a mentee I
# take the notes and the follow-up questions (E2); as a mentor the prompts are listening,
# questions and encouragement (M3) and "did I decide for them?" (M5).
NOTE_SECTIONS: dict[str, tuple[tuple[str, tuple[str, ...], tuple[int, int]], ...]] = {
    "mentee": (
        ("topics", ("topics",), (1, 2)),
        ("advice", ("feedback", "advice", "mentee"), (1, 2)),
        ("follow_ups", ("follow_ups",), (1, 2)),
        ("next_steps", ("next_steps",), (1, 2)),
    ),
    "mentor": (
        ("difficulties", ("difficulties",), (1, 2)),
        ("questions", ("open_questions",), (2, 3)),
        ("encouragement", ("encouragement",), (1, 1)),
        ("room", ("room_to_grow",), (1, 1)),
    ),
}
# Fresh agenda items: (kind, content pool or None for a goal, weight).
AGENDA_MIX: tuple[tuple[str, tuple[str, ...] | None, float], ...] = (
    ("goal", None, 3),
    ("topic", ("topics",), 3),
    ("question", ("mentee_questions",), 3),
    ("action", ("agenda", "action"), 1),
    ("advice", ("agenda", "advice"), 1),
    ("revisit", ("agenda", "revisit"), 0.5),
)
# How often each (direction, kind) of feedback is logged, by my role.
FEEDBACK_MIX: dict[str, dict[tuple[str, str], int]] = {
    "mentee": {
        ("received", "advice"): 6, ("received", "praise"): 3, ("received", "constructive"): 3,
        ("given", "progress-update"): 5, ("given", "thanks"): 3, ("given", "praise"): 1,
        ("given", "constructive"): 1, ("given", "advice"): 1, ("received", "thanks"): 1,
        ("received", "progress-update"): 1,
    },
    "mentor": {
        ("given", "advice"): 6, ("given", "constructive"): 4, ("given", "praise"): 4,
        ("received", "progress-update"): 5, ("received", "thanks"): 3, ("received", "praise"): 1,
        ("received", "constructive"): 1, ("received", "advice"): 1, ("given", "thanks"): 1,
        ("given", "progress-update"): 1,
    },
}
CANDIDATE_SCORES = ((3, 3, 3, 2), (1, 3, 2, 3), (2, 1, 1, 1))  # goals, respected, network, skills
LIVE_MODES = ("video", "in-person", "phone")  # the modes a meeting itself can take


@dataclass(frozen=True)
class _Version:
    """One version of the agreement's terms that shape the calendar."""

    cadence: str  # RRULE body
    at: dt.time
    modes: tuple[str, ...]  # the usual meeting mode first


@dataclass(frozen=True)
class _Story:
    """One relationship: who, when, and how its calendar and goals unfold."""

    profile: str  # key into the content's "profiles"
    role: str  # my role
    started_days_ago: int
    agreed_days: int  # agreed duration: end_on = started_on + this
    ended_days_ago: int | None  # None: still active
    versions: tuple[_Version, ...]  # cycled when the plan has more agreement versions
    version_every_days: int
    revisit_days: int  # current version's revisit date, from the relationship's last day
    upcoming: int  # planned meetings after now
    rounds: tuple[tuple[int, int], ...]  # goal trees: (start, length) in days from started_on
    first_theme: int
    practices: tuple[str, ...]  # guide practices with checklist entries


@dataclass(frozen=True)
class _Plan:
    stories: tuple[_Story, ...]
    agreement_versions: int
    shorts_per_long: int
    steps_per_short: tuple[int, int]
    substeps_per_step: int  # > 0 adds a fourth level to goal trees
    agenda_items: tuple[int, int]
    actions_per_meeting: tuple[int, int]
    feedback_per_relationship: int
    review_weeks: int | None  # the last N weeks in a row; None: most weeks since the start
    agenda_covered: float  # chance an agenda item of a held meeting was covered
    cancel_rate: float
    dropped_rate: float  # chance a past small step was dropped rather than done


def _goal_rounds(span_days: int, every: int = 56, length: int = 112) -> tuple[tuple[int, int], ...]:
    """A new goal tree every ``every`` days, each running ``length`` days (they overlap)."""
    return tuple((start, length) for start in range(0, span_days, every))


_SMALL = _Plan(
    stories=(
        _Story(
            "my-mentor", "mentee", 154, 365, None,
            (_Version("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", dt.time(17, 30), ("video", "email")),
             _Version("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", dt.time(12, 30), ("in-person", "video", "email"))),
            version_every_days=70, revisit_days=-6, upcoming=1,
            rounds=((0, 200), (128, 237)), first_theme=0, practices=("E1", "E2", "E3"),
        ),
        _Story(
            "my-mentee", "mentor", 140, 270, None,
            (_Version("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", dt.time(12, 0), ("video", "chat")),
             _Version("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", dt.time(12, 0), ("video", "in-person", "chat"))),
            version_every_days=56, revisit_days=40, upcoming=2,
            rounds=((0, 148), (60, 210)), first_theme=2, practices=("M1", "M2", "M4"),
        ),
        _Story(
            "former-mentor", "mentee", 430, 310, 120,
            (_Version("FREQ=MONTHLY;BYDAY=1MO", dt.time(18, 0), ("video", "phone")),
             _Version("FREQ=MONTHLY;BYDAY=2WE", dt.time(8, 30), ("phone", "email"))),
            version_every_days=150, revisit_days=-30, upcoming=0,
            rounds=((0, 170), (108, 202)), first_theme=4, practices=("E3", "E4"),
        ),
    ),
    agreement_versions=2,
    shorts_per_long=2,
    steps_per_short=(2, 3),
    substeps_per_step=0,
    agenda_items=(3, 6),
    actions_per_meeting=(1, 3),
    feedback_per_relationship=25,
    review_weeks=4,
    agenda_covered=0.85,
    cancel_rate=0.0,
    dropped_rate=0.0,
)

_FIVE_YEARS = 5 * 365
_LARGE = _Plan(
    stories=(
        _Story(
            "my-mentor", "mentee", _FIVE_YEARS + 5, 6 * 365, None,
            (_Version("FREQ=WEEKLY;BYDAY=TU", dt.time(17, 30), ("video", "email")),
             _Version("FREQ=WEEKLY;BYDAY=TH", dt.time(12, 30), ("in-person", "video", "email"))),
            version_every_days=365, revisit_days=-6, upcoming=2,
            rounds=_goal_rounds(_FIVE_YEARS + 5), first_theme=0, practices=MENTEE_PRACTICES,
        ),
        _Story(
            "my-mentee", "mentor", _FIVE_YEARS + 1, 6 * 365, None,
            (_Version("FREQ=WEEKLY;BYDAY=WE", dt.time(12, 0), ("video", "chat")),
             _Version("FREQ=WEEKLY;BYDAY=FR", dt.time(9, 0), ("video", "in-person", "chat"))),
            version_every_days=365, revisit_days=40, upcoming=2,
            rounds=_goal_rounds(_FIVE_YEARS + 1), first_theme=2, practices=MENTOR_PRACTICES,
        ),
        _Story(
            "former-mentor", "mentee", _FIVE_YEARS + 100, _FIVE_YEARS, 100,
            (_Version("FREQ=WEEKLY;BYDAY=MO", dt.time(18, 0), ("video", "phone")),
             _Version("FREQ=WEEKLY;BYDAY=WE", dt.time(8, 30), ("phone", "video"))),
            version_every_days=365, revisit_days=-30, upcoming=0,
            rounds=_goal_rounds(_FIVE_YEARS), first_theme=4, practices=MENTEE_PRACTICES,
        ),
    ),
    agreement_versions=5,
    shorts_per_long=3,
    steps_per_short=(3, 3),
    substeps_per_step=2,
    agenda_items=(8, 13),
    actions_per_meeting=(1, 3),
    feedback_per_relationship=3333,
    review_weeks=None,
    agenda_covered=0.9,
    cancel_rate=0.04,
    dropped_rate=0.05,
)

PLANS: dict[str, _Plan] = {"small": _SMALL, "large": _LARGE}


# ---- entry point --------------------------------------------------------------------


def fill_demo(store: Store, *, size: str = "small", lang: str = "en", seed: int = 2026) -> dict[str, int]:
    """Fill an empty store with a demo workbook; return how many rows went into each table."""
    if size not in PLANS:
        raise ValueError(f"unknown demo size {size!r}: choose one of {', '.join(PLANS)}")
    if lang not in CONTENT:
        raise ValueError(f"unknown demo language {lang!r}: choose one of {', '.join(CONTENT)}")
    with store.bulk():
        if not store.is_empty():
            raise ValueError("the database already holds a workbook; the demo only fills an empty one")
        first_ids = {
            cls: store.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM " + cls.table).fetchone()[0]
            for cls in RECORD_TYPES
        }
        workbook = _Workbook(PLANS[size], lang, random.Random(seed), store.clock.now(), first_ids)
        workbook.build()
        return workbook.write(store)


# ---- generation -----------------------------------------------------------------------


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _other(role: str) -> str:
    return "mentor" if role == "mentee" else "mentee"


@dataclass(frozen=True)
class _Beat:
    """A feedback entry to write: when, which way, what kind; text and outcome when fixed."""

    day: dt.date
    direction: str
    kind: str
    text: str | None = None
    outcome: str | None = None  # for advice to the mentee: "result", "waiting", or None for chance


@dataclass
class _Round:
    """One goal tree: its time window and the goals an agenda or feedback can point at."""

    begins: dt.date
    ends: dt.date
    goals: list[Goal] = field(default_factory=list)


@dataclass
class _Rel:
    """A relationship while it is being generated."""

    record: Relationship
    story: _Story
    first_name: str
    last_day: dt.date  # today, or the day it ended
    version_starts: list[dt.date] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    rounds: list[_Round] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    @property
    def role(self) -> str:
        return self.record.role

    @property
    def active(self) -> bool:
        return self.record.status == "active"

    @property
    def started(self) -> dt.date:
        return self.record.started_on

    def goals_in_play(self, day: dt.date) -> list[Goal]:
        """Short-term goals and steps someone could be working on that day."""
        return [
            goal
            for round_ in self.rounds
            if round_.begins <= day <= round_.ends
            for goal in round_.goals
            if goal.status != "dropped" and (goal.done_at is None or goal.done_at.date() >= day)
        ]


class _Workbook:
    """Builds every row in memory (ids assigned here, so links need no round trip)."""

    def __init__(self, plan: _Plan, lang: str, rng: random.Random, now: dt.datetime, first_ids: dict) -> None:
        self.plan = plan
        self.lang = lang
        self.text = CONTENT[lang]
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.rows: dict[type[Record], list[Record]] = {cls: [] for cls in RECORD_TYPES}
        self._next_id = dict(first_ids)

    # ---- helpers ----

    def add(self, cls: type[R], **values: Any) -> R:
        record = cls(id=self._next_id[cls], **values)
        self._next_id[cls] += 1
        self.rows[cls].append(record)
        return record

    def pool(self, path: Sequence[str]) -> list[str]:
        node: Any = self.text
        for key in path:
            node = node[key]
        return node

    def say(self, rel: _Rel, phrases: Sequence[str]) -> str:
        return self.rng.choice(phrases).format(name=rel.first_name)

    def past(self, moment: dt.datetime) -> dt.datetime:
        """Nothing in the demo happens after now."""
        return min(moment, self.now)

    def random_day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + _days(self.rng.randint(0, max(0, (last - first).days)))

    # ---- the whole workbook ----

    def build(self) -> None:
        rels = [self.relationship(story) for story in self.plan.stories]
        for rel in rels:
            self.agreements(rel)
            self.goals(rel)
            self.meetings(rel)
            self.agenda(rel)
            self.actions(rel)
            self.feedback(rel)
            self.checklist(rel)
            self.reviews(rel)
        self.candidates(rels)

    def write(self, store: Store) -> dict[str, int]:
        """Check every row as an import would (each field, then the links between rows),
        clean and validate it as any write is, then insert each table in one executemany."""
        check_links((cls, vars(record)) for cls in RECORD_TYPES for record in self.rows[cls])
        counts = {}
        for cls in RECORD_TYPES:  # parents before children
            records = self.rows[cls]
            columns = list(column_kinds(cls))
            store.conn.executemany(insert_sql(cls.table, columns), (
                [row[c] for c in columns] for row in (sql_values(cls, vars(record)) for record in records)
            ))
            counts[cls.table] = len(records)
        return counts

    # ---- one generator per entity ----

    def relationship(self, story: _Story) -> _Rel:
        profile = self.text["profiles"][story.profile]
        first_name = profile["partner"].split()[0]
        started = self.today - _days(story.started_days_ago)
        ended_on = self.today - _days(story.ended_days_ago) if story.ended_days_ago is not None else None
        record = self.add(
            Relationship,
            partner=profile["partner"],
            role=story.role,
            started_on=started,
            end_on=started + _days(story.agreed_days),
            status="ended" if ended_on else "active",
            ended_on=ended_on,
            why=profile["why"].format(name=first_name),
            hope_to_learn=profile["hope"].format(name=first_name),
            stay_in_touch_months=3,
            created_at=_at(started - _days(3), 20, 15),
        )
        return _Rel(record, story, first_name, ended_on or self.today)

    def agreements(self, rel: _Rel) -> None:
        story = rel.story
        count = self.plan.agreement_versions
        terms = self.text["terms"][rel.role]
        profile = self.text["profiles"][story.profile]
        rel.version_starts = [rel.started + _days(i * story.version_every_days) for i in range(count)]
        for i, begins in enumerate(rel.version_starts):
            version = story.versions[i % len(story.versions)]
            anchor = _at(begins, version.at.hour, version.at.minute)
            # The series' anchor is its first meeting, not the day the terms were agreed.
            first_meeting = rrulestr(version.cadence, dtstart=anchor).after(anchor, inc=True)
            last = i == count - 1
            # Earlier versions were revisited on time, which is what made the next version.
            revisit = rel.last_day + _days(story.revisit_days) if last else rel.version_starts[i + 1] - _days(4)
            # Yearly versions are renewals; otherwise the terms were revised along the way (M2).
            renewal = story.version_every_days >= 365 and i > 0
            duration = self.text["renewal"].format(n=i + 1) if renewal else profile["duration"]
            rel.agreements.append(
                self.add(
                    Agreement,
                    relationship_id=rel.record.id,
                    version=i + 1,
                    duration=duration.format(name=rel.first_name),
                    cadence=version.cadence,
                    cadence_start=first_meeting,
                    modes=list(version.modes),
                    **{name: texts[min(i, 1)].format(name=rel.first_name) for name, texts in terms.items()},
                    revisit_on=revisit,
                    created_at=self.past(_at(begins, 21, 0)),
                )
            )

    def goals(self, rel: _Rel) -> None:
        themes = self.text["themes"]
        for index, (offset, length) in enumerate(rel.story.rounds):
            begins = rel.started + _days(offset)
            ends = begins + _days(length)
            if not rel.active:
                ends = min(ends, rel.last_day)  # an ended relationship leaves nothing open
            theme = themes[(rel.story.first_theme + index) % len(themes)]
            title = theme["title"]
            if len(rel.story.rounds) > len(themes):  # themes come back: say which year this one is
                title = f"{title} ({begins.year})"
            round_ = _Round(begins, ends)
            rel.rounds.append(round_)
            shorts = theme["shorts"][: self.plan.shorts_per_long]
            self._goal_tree(rel, round_, None, index, 0, title, theme["why"], shorts, begins, ends)
        self._mark_overdue_and_next(rel)

    def _goal_tree(
        self, rel: _Rel, round_: _Round, parent: Goal | None, position: int, level: int,
        title: str, notes: str, children: Sequence[Any], begins: dt.date, ends: dt.date,
    ) -> Goal:
        """One goal and its subtree; a parent's due date is its last child's."""
        rng = self.rng
        created = _at(round_.begins, 9, level * 5)  # the whole tree is planned when the round starts
        goal = self.add(
            Goal,
            relationship_id=rel.record.id,
            parent_id=parent.id if parent else None,
            position=position,
            title=title,
            notes=notes,
            horizon=("long", "short", "step")[min(level, 2)],
            status="open",
            owner="both" if level == 1 and rng.random() < 0.15 else "mentee",
            progress=None,
            due_on=ends,
            before_next_meeting=False,
            done_at=None,
            created_at=created,
            updated_at=created,
        )
        rel.goals.append(goal)
        if level in (1, 2):
            round_.goals.append(goal)
        kids = self._children(level, children)
        spans = self._split(begins, ends, len(kids))
        subtree = [
            self._goal_tree(rel, round_, goal, i, level + 1, kid_title, "", grandchildren, *span)
            for i, ((kid_title, grandchildren), span) in enumerate(zip(kids, spans))
        ]
        self._settle(rel, goal, subtree)
        return goal

    def _children(self, level: int, children: Sequence[Any]) -> list[tuple[str, Sequence[Any]]]:
        """(title, its own children) for the next level down."""
        if level == 0:  # short-term goals with their steps
            return [(title, steps) for title, steps in children]
        if level == 1:  # steps
            count = self.rng.randint(*self.plan.steps_per_short)
            return [(step, ()) for step in children[:count]]
        if level == 2 and self.plan.substeps_per_step:
            return [(sub, ()) for sub in self.rng.sample(self.text["substeps"], self.plan.substeps_per_step)]
        return []

    @staticmethod
    def _split(begins: dt.date, ends: dt.date, parts: int) -> list[tuple[dt.date, dt.date]]:
        """Consecutive windows covering [begins, ends]; the last one ends exactly at ``ends``."""
        total = (ends - begins).days
        bounds = [begins + _days(total * i // parts) for i in range(parts + 1)] if parts else []
        return list(zip(bounds, bounds[1:]))

    def _settle(self, rel: _Rel, goal: Goal, children: list[Goal]) -> None:
        """Done when due and (for a parent) when all its children are closed."""
        if goal.due_on > rel.last_day or any(child.status == "open" for child in children):
            if not children:
                goal.progress = self.rng.choice((None, 0, 25, 50))
            return
        if children:
            done_at = max((c.done_at for c in children if c.done_at), default=None)
            if done_at is None:  # every child was dropped
                goal.status = "dropped"
                return
            goal.done_at = done_at + dt.timedelta(minutes=10)
        elif self.rng.random() < self.plan.dropped_rate:
            goal.status = "dropped"
            goal.updated_at = _at(goal.due_on, 18)
            return
        else:
            finished = goal.due_on - _days(self.rng.randint(0, 4))
            goal.done_at = max(_at(finished, 17, self.rng.randint(0, 59)), goal.created_at)
        goal.done_at = self.past(goal.done_at)
        goal.status = "done"
        goal.progress = 100
        goal.updated_at = goal.done_at

    def _mark_overdue_and_next(self, rel: _Rel) -> None:
        """One step slipped past its due date; two small steps are for before the next meeting (E3)."""
        if not rel.active:
            return
        leaves = [g for g in rel.goals if g.horizon == "step" and g.parent_id is not None]
        open_ids = {g.id for g in rel.goals if g.status == "open"}
        slipped = [g for g in leaves if g.status == "done" and g.due_on < self.today and g.parent_id in open_ids]
        if slipped:
            late = max(slipped, key=lambda g: (g.due_on, g.id))
            late.status, late.done_at, late.progress, late.updated_at = "open", None, 50, late.created_at
        upcoming = sorted(
            (g for g in leaves if g.status == "open" and g.due_on >= self.today), key=lambda g: (g.due_on, g.id)
        )
        for goal in upcoming[:2]:
            goal.before_next_meeting = True

    def meetings(self, rel: _Rel) -> None:
        rng = self.rng
        horizon = _at(rel.last_day + _days(1), 0) if not rel.active else self.now + dt.timedelta(weeks=12)
        planned = 0
        for i, agreement in enumerate(rel.agreements):
            until = _at(rel.version_starts[i + 1], 0) if i + 1 < len(rel.agreements) else horizon
            modes = [m for m in agreement.modes if m in LIVE_MODES] or agreement.modes
            for starts in rrulestr(agreement.cadence, dtstart=agreement.cadence_start):
                if starts >= until:
                    break
                if starts > self.now:
                    if planned == rel.story.upcoming:
                        break
                    planned += 1
                    status = "planned"
                else:
                    status = "cancelled" if rng.random() < self.plan.cancel_rate else "held"
                mode = modes[0] if len(modes) == 1 or rng.random() < 0.8 else rng.choice(modes[1:])
                rel.meetings.append(
                    self.add(
                        Meeting,
                        relationship_id=rel.record.id,
                        starts_at=starts,
                        mode=mode,
                        status=status,
                        notes=self.notes(rel, status),
                        created_at=self.past(max(starts - _days(7), rel.record.created_at)),
                    )
                )

    def notes(self, rel: _Rel, status: str) -> str:
        if status == "cancelled":
            return self.say(rel, self.text["cancelled"])
        if status != "held":
            return ""
        sections = []
        for heading, path, (low, high) in NOTE_SECTIONS[rel.role]:
            lines = self.rng.sample(self.pool(path), self.rng.randint(low, high))
            bullets = "\n".join("- " + line.format(name=rel.first_name) for line in lines)
            sections.append("## " + self.text["headings"][heading].format(name=rel.first_name) + "\n\n" + bullets)
        return "\n\n".join(sections) + "\n"

    def agenda(self, rel: _Rel) -> None:
        """Each meeting's agenda; what a meeting left uncovered is often carried to the next (E2)."""
        rng = self.rng
        held = [m for m in rel.meetings if m.status == "held"]
        last_held = held[-1] if held and rel.active else None
        carry: list[AgendaItem] = []
        for meeting in rel.meetings:
            count = rng.randint(*self.plan.agenda_items)
            items = [
                self._agenda_item(meeting, position, old.text, old.kind, old.goal_id, carried_from=old.id)
                for position, old in enumerate(carry[:count])
            ]
            while len(items) < count:
                kind, text, goal_id = self._fresh_topic(rel, meeting, {item.text for item in items})
                items.append(self._agenda_item(meeting, len(items), text, kind, goal_id))
            if meeting.status == "held":
                for item in items:
                    item.done = rng.random() < self.plan.agenda_covered
                if meeting is last_held and all(item.done for item in items):
                    items[-1].done = False  # the last meeting always leaves something for the next one
            if meeting.status == "planned":
                carry = []
            else:
                always = meeting is last_held or meeting.status == "cancelled"
                carry = [item for item in items if not item.done and (always or rng.random() < 0.6)]

    def _agenda_item(
        self, meeting: Meeting, position: int, text: str, kind: str, goal_id: int | None, carried_from: int | None = None
    ) -> AgendaItem:
        return self.add(
            AgendaItem,
            meeting_id=meeting.id,
            position=position,
            text=text,
            kind=kind,
            goal_id=goal_id,
            done=False,
            carried_from=carried_from,
        )

    def _fresh_topic(self, rel: _Rel, meeting: Meeting, taken: set[str]) -> tuple[str, str, int | None]:
        weights = [weight for _, _, weight in AGENDA_MIX]
        for _ in range(6):  # a few tries to avoid the same line twice in one agenda
            kind, path, _ = self.rng.choices(AGENDA_MIX, weights)[0]
            goal_id = None
            if path is None:
                goals = rel.goals_in_play(meeting.starts_at.date())
                if not goals:
                    continue
                goal = self.rng.choice(goals)
                text, goal_id = self.text["agenda"]["goal"].format(title=goal.title), goal.id
            else:
                text = self.say(rel, self.pool(path))
            if text not in taken:
                break
        return kind, text, goal_id

    def actions(self, rel: _Rel) -> None:
        rng = self.rng
        held = [m for m in rel.meetings if m.status == "held"]
        planned = [m for m in rel.meetings if m.status == "planned"]
        last_held = held[-1] if held and rel.active else None
        # One action slipped: the first one from the latest meeting at least three weeks old.
        slipped_from = next((m for m in reversed(held) if m.starts_at.date() <= self.today - _days(21)), None)
        for meeting in held:
            day = meeting.starts_at.date()
            goals = rel.goals_in_play(day)
            taken: set[str] = set()
            for k in range(rng.randint(*self.plan.actions_per_meeting)):
                owner = rng.choice(ACTION_OWNERS)
                doer = rel.role if owner == "me" else _other(rel.role)
                text = self.say(rel, [t for t in self.text["actions"][doer] if t not in taken])
                taken.add(text)
                created = meeting.starts_at + dt.timedelta(hours=1)
                due = day + _days(rng.choice((7, 10, 14)))
                done_at: dt.datetime | None
                if meeting is last_held:  # due by the next meeting, still open
                    done_at = None
                    due = max(due, planned[0].starts_at.date()) if planned else due
                elif rel.active and meeting is slipped_from and k == 0:
                    done_at, due = None, day + _days(7)
                else:
                    finished = _at(due - _days(rng.randint(0, 6)), 18, rng.randint(0, 59))
                    done_at = self.past(max(min(finished, _at(rel.last_day, 20)), created))
                rel.actions.append(
                    self.add(
                        Action,
                        meeting_id=meeting.id,
                        owner=owner,
                        text=text,
                        due_on=due,
                        goal_id=rng.choice(goals).id if goals and rng.random() < 0.3 else None,
                        done_at=done_at,
                        created_at=created,
                    )
                )

    def feedback(self, rel: _Rel) -> None:
        rng = self.rng
        mix = FEEDBACK_MIX[rel.role]
        combos = list(mix)
        beats = self._feedback_beats(rel)
        count = self.plan.feedback_per_relationship - len(beats)
        # Every kind and direction at least once, then as often as they really happen.
        picks = combos + rng.choices(combos, [mix[c] for c in combos], k=max(0, count - len(combos)))
        entries = [
            _Beat(self.random_day(rel.started, rel.last_day), direction, kind) for direction, kind in picks
        ]
        for beat in sorted(entries + beats, key=lambda entry: entry.day):
            day, direction, kind = beat.day, beat.direction, beat.kind
            # Addressed to the mentee when the mentee receives it, or when I (the mentor) give it.
            audience = "mentee" if (direction == "received") == (rel.role == "mentee") else "mentor"
            followed_up = (kind, audience) == ("advice", "mentee")
            tried, result, result_on = self._advice_outcome(rel, day, beat.outcome) if followed_up else (None, "", None)
            rubric = self._rubric() if (direction, kind) == ("given", "constructive") else []
            goals = rel.goals_in_play(day) if kind in ("advice", "progress-update", "constructive") else []
            self.add(
                Feedback,
                relationship_id=rel.record.id,
                date=day,
                direction=direction,
                kind=kind,
                text=beat.text or self.say(rel, self.text["feedback"][kind][audience]),
                goal_id=rng.choice(goals).id if goals and rng.random() < 0.35 else None,
                rubric=rubric,
                tried=tried,
                result=result,
                result_on=result_on,
                created_at=self.past(_at(day, rng.randint(8, 21), rng.randint(0, 59))),
            )

    def _feedback_beats(self, rel: _Rel) -> list[_Beat]:
        """Entries every demo shows, whatever the seed."""
        from_mentee = "given" if rel.role == "mentee" else "received"
        to_mentee = "received" if rel.role == "mentee" else "given"
        if not rel.active:
            # An ended relationship closes with thanks, then news a month later (E4).
            farewell = self.text["farewell"]
            beats = [_Beat(rel.last_day, from_mentee, "thanks", farewell["thanks"])]
            news = rel.last_day + _days(30)
            if news <= self.today:
                beats.append(_Beat(news, from_mentee, "progress-update", farewell["progress-update"]))
            return beats
        # Advice whose result was reported, and advice still waiting past the two weeks (E3).
        return [
            _Beat(self.today - _days(self.rng.randint(35, 60)), to_mentee, "advice", outcome="result"),
            _Beat(self.today - _days(self.rng.randint(ADVICE_WAIT_DAYS + 3, 30)), to_mentee, "advice", outcome="waiting"),
        ]

    def _advice_outcome(
        self, rel: _Rel, day: dt.date, outcome: str | None
    ) -> tuple[bool | None, str, dt.date | None]:
        """What came of a piece of advice to the mentee: recent advice has no result yet (E3)."""
        if outcome == "waiting" or (rel.last_day - day).days <= ADVICE_WAIT_DAYS:
            return None, "", None
        reported = min(day + _days(self.rng.randint(5, ADVICE_WAIT_DAYS)), rel.last_day)
        roll = 0.0 if outcome == "result" else self.rng.random()
        if roll < 0.6:
            return True, self.say(rel, self.text["results"]), reported
        if roll < 0.75:
            return False, self.say(rel, self.text["not_tried"]), reported
        return None, "", None

    def _rubric(self) -> list[str]:
        """The constructive-feedback rubric (M4) the giver ticked: usually all of it."""
        if self.rng.random() < 0.6:
            return list(RUBRIC_KEYS)
        missing = set(self.rng.sample(RUBRIC_KEYS, self.rng.randint(1, 2)))
        return [key for key in RUBRIC_KEYS if key not in missing]

    def checklist(self, rel: _Rel) -> None:
        notes = self.text["checklist_notes"]
        span = (rel.last_day - rel.started).days
        for practice in rel.story.practices:
            for item in CHECKLIST_ITEMS[practice]:
                state = "done" if not rel.active else self.rng.choices(CHECK_STATES, (1, 2, 5))[0]
                changed = rel.started + _days(self.rng.randint(0, span))
                self.add(
                    ChecklistEntry,
                    relationship_id=rel.record.id,
                    practice=practice,
                    item=item,
                    state=state,
                    note=notes.get(item, "").format(name=rel.first_name),
                    changed_at=self.past(_at(changed, 19, self.rng.randint(0, 59))),
                )

    def reviews(self, rel: _Rel) -> None:
        """Completed weekly reviews of past ISO weeks (never the current one)."""
        questions = self.text["review"][rel.role]
        last_monday = rel.last_day - _days(rel.last_day.weekday() + 7)
        if self.plan.review_weeks is not None:
            count = self.rng.randint(self.plan.review_weeks - 1, self.plan.review_weeks)
            mondays = [last_monday - _days(7 * i) for i in reversed(range(count))]
        else:
            first_monday = rel.started + _days(7 - rel.started.weekday())
            mondays = [
                first_monday + _days(7 * i)
                for i in range((last_monday - first_monday).days // 7 + 1)
                if self.rng.random() < 0.85
            ]
        changes = self._changes_by_week(rel)
        answer_keys = REVIEW_ANSWER_KEYS[rel.role]
        for monday in mondays:
            started = _at(monday + _days(4), 17, self.rng.randint(0, 45))
            week = _iso_week(monday)
            # Keyed as the review screen keys what is typed in it.
            answers = {answer_keys[key]: self.say(rel, phrases) for key, phrases in questions.items()}
            self.add(
                Review,
                relationship_id=rel.record.id,
                week=week,
                step=REVIEW_STEP_COUNT - 1,  # completed: it ended on the summary
                started_at=started,
                completed_at=started + dt.timedelta(minutes=self.rng.randint(8, 25)),
                answers=answers,
                changes=changes.get(week, [])[:4],
            )

    def _changes_by_week(self, rel: _Rel) -> dict[str, list[dict[str, Any]]]:
        """What was done each week, recorded as the review records it: the next meeting's
        agenda prepared, goals completed, results of advice written down."""
        weeks: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for meeting in rel.meetings:
            if meeting.status != "cancelled":
                when = format_when(meeting.starts_at, self.lang)
                weeks[_iso_week(meeting.starts_at.date() - _days(7))].append(change_entry(AGENDA_PREPARED, date=when))
        for goal in rel.goals:
            if goal.status == "done" and goal.done_at:
                weeks[_iso_week(goal.done_at.date())].append(change_entry(GOAL_DONE, title=goal.title))
        for entry in self.rows[Feedback]:
            # The review records results of advice received (the feedback step's r key).
            if entry.relationship_id == rel.record.id and entry.direction == "received" and entry.result_on:
                weeks[_iso_week(entry.result_on)].append(change_entry(RESULT_RECORDED, advice=one_line(entry.text, 60)))
        return weeks

    def candidates(self, rels: list[_Rel]) -> None:
        """The mentors I compared (E1); the one I chose is linked to that relationship."""
        partners = {rel.record.partner: rel for rel in rels if rel.role == "mentee"}
        chosen_starts = [partners[c["name"]].started for c in self.text["candidates"] if c["name"] in partners]
        compared_on = min(chosen_starts or [rel.started for rel in rels]) - _days(20)
        for entry, scores in zip(self.text["candidates"], CANDIDATE_SCORES):
            chosen = partners.get(entry["name"])
            self.add(
                Candidate,
                name=entry["name"],
                notes=entry["notes"],
                **dict(zip(CANDIDATE_CRITERIA, scores)),
                relationship_id=chosen.record.id if chosen else None,
                created_at=_at(compared_on, 21, 0),
            )


__all__ = ["CONTENT", "PLANS", "fill_demo"]
