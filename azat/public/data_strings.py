# ruff: noqa: E501
"""Texts of the data files, listed for makemessages. Generated: do not edit by hand.

Regenerate with ``python -m azat.public.make_data_strings`` after changing a file in data/.
"""

from django.utils.translation import pgettext_lazy

DATA_STRINGS = (
    pgettext_lazy(
        "public site",
        "Human trafficking is when someone recruits, moves or keeps a person by force, threats or tricks, to make money from them.",
    ),
    pgettext_lazy(
        "public site",
        "The aim of trafficking is to use a person for someone else's profit. In the end, it is slavery.",
    ),
    pgettext_lazy(
        "public site",
        "It can happen even if you signed a work contract. Recruiters know what to say to win your trust.",
    ),
    pgettext_lazy(
        "public site",
        "Recruiters are often people you know: friends, neighbours or relatives. Strangers with well-paid offers are common too.",
    ),
    pgettext_lazy(
        "public site", "If you were tricked or forced, it does not matter that you agreed at first."
    ),
    pgettext_lazy(
        "public site",
        "For a child, no force or trick is needed. Moving a child to use them is always trafficking.",
    ),
    pgettext_lazy(
        "public site", "Trafficking can happen inside your own country, not only abroad."
    ),
    pgettext_lazy(
        "public site",
        "Trafficking is a serious crime in Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan.",
    ),
    pgettext_lazy("public site", "Forced labour"),
    pgettext_lazy(
        "public site",
        "A person is made to work by threats, violence or debt and cannot leave. It happens on building sites, on farms and in homes.",
    ),
    pgettext_lazy("public site", "Sexual exploitation"),
    pgettext_lazy(
        "public site",
        "A person is forced to sell sex or to show their body on video online, and others take the money.",
    ),
    pgettext_lazy("public site", "Forced begging"),
    pgettext_lazy(
        "public site",
        "A person is made to beg on the street and must give the money to someone else.",
    ),
    pgettext_lazy("public site", "Forced crime"),
    pgettext_lazy(
        "public site",
        "A person is made to steal, sell drugs or commit other crimes for someone else.",
    ),
    pgettext_lazy("public site", "Debt bondage"),
    pgettext_lazy(
        "public site",
        "A person must work to pay back a debt that never ends. Travel, housing and food keep being added to it.",
    ),
    pgettext_lazy("public site", "Forced marriage"),
    pgettext_lazy(
        "public site",
        "A person is married against their will, or sold into a marriage, and then made to work or serve.",
    ),
    pgettext_lazy("public site", "Servitude"),
    pgettext_lazy(
        "public site",
        "A person is kept to serve others, often in a home, with no pay and no freedom.",
    ),
    pgettext_lazy("public site", "Use in armed conflict"),
    pgettext_lazy("public site", "A person is forced to fight or to work for armed groups."),
    pgettext_lazy("public site", "Organ removal"),
    pgettext_lazy(
        "public site", "A person is tricked or forced into giving a kidney or another organ."
    ),
    pgettext_lazy("public site", "They have bruises or other injuries."),
    pgettext_lazy("public site", "They seem very low and quiet, or strangely nervous and excited."),
    pgettext_lazy("public site", "Someone is always with them and does not let them talk alone."),
    pgettext_lazy(
        "public site", "They seem afraid of the person who is with them, or they are threatened."
    ),
    pgettext_lazy("public site", "Someone else holds their passport."),
    pgettext_lazy(
        "public site",
        "They live and work in a closed place they cannot leave, like a building site, a farm or a house.",
    ),
    pgettext_lazy(
        "public site", "A relative abroad stopped calling, or calls only when someone is listening."
    ),
    pgettext_lazy("public site", "Call a hotline and tell them what you saw."),
    pgettext_lazy("public site", "Tell the police what you know."),
    pgettext_lazy(
        "public site",
        "Do not confront the person who controls them. It can put you both in danger.",
    ),
    pgettext_lazy(
        "public site", "If it is safe, talk to the person alone and give them a hotline number."
    ),
    pgettext_lazy(
        "public site", "Write down what you saw: the place, the time, names and car numbers."
    ),
    pgettext_lazy(
        "public site",
        "If a relative abroad says your secret word, call a hotline or the embassy at once.",
    ),
    pgettext_lazy(
        "public site", "The police, your country's embassy and IOM in that country must help you."
    ),
    pgettext_lazy(
        "public site",
        "If you cannot call, try to let someone know where you are as soon as you can.",
    ),
    pgettext_lazy(
        "public site",
        "You can ask anyone for help: a passer-by, a customer, a flight attendant. They can call the police or keep you safe until help comes.",
    ),
    pgettext_lazy("public site", "Use your secret word with your family so they know to get help."),
    pgettext_lazy("public site", "Social protection office"),
    pgettext_lazy(
        "public site",
        "Go to the social protection office where you live. They give help and send you on to other services.",
    ),
    pgettext_lazy("public site", "Medical help"),
    pgettext_lazy("public site", "Doctors check your health and treat you."),
    pgettext_lazy("public site", "New documents"),
    pgettext_lazy("public site", "Help to get a new passport or other papers."),
    pgettext_lazy("public site", "A place to live"),
    pgettext_lazy("public site", "A temporary place to live if you have nowhere to go."),
    pgettext_lazy("public site", "Shelter"),
    pgettext_lazy("public site", "A safe shelter for a time while you recover."),
    pgettext_lazy("public site", "Shelter in Kyrgyzstan"),
    pgettext_lazy(
        "public site",
        "In Kyrgyzstan a shelter stay is free for 10 days. It can last for the whole investigation and trial.",
    ),
    pgettext_lazy("public site", "Someone to talk to"),
    pgettext_lazy("public site", "A psychologist helps you deal with what happened."),
    pgettext_lazy("public site", "Legal help"),
    pgettext_lazy("public site", "A lawyer can explain your rights and help you with your case."),
    pgettext_lazy("public site", "Legal help in Turkmenistan"),
    pgettext_lazy(
        "public site",
        "In Turkmenistan the law allows free legal help for people who ask to be recognised as victims.",
    ),
    pgettext_lazy("public site", "Getting home"),
    pgettext_lazy("public site", "IOM can help you travel back home."),
    pgettext_lazy("public site", "Courses"),
    pgettext_lazy(
        "public site", "Free courses to learn a trade, such as hairdressing, welding or sewing."
    ),
    pgettext_lazy("public site", "Help to start work"),
    pgettext_lazy(
        "public site",
        "A small grant to start earning, for example a sewing machine after a sewing course.",
    ),
    pgettext_lazy(
        "public site",
        "IOM and partner organisations help people who were trafficked. In Kyrgyzstan IOM works with 46 partner organisations.",
    ),
    pgettext_lazy(
        "public site", "From the first contact to a new start usually takes one to three months."
    ),
    pgettext_lazy(
        "public site",
        "Many people report the crime only after they come home. A hotline can tell you how to do it.",
    ),
    pgettext_lazy(
        "public site",
        "In Kazakhstan, foreign victims get the same help as citizens. They can get a temporary residence permit with the right to work.",
    ),
    pgettext_lazy("public site", "Call a migrants' hotline for advice before you decide to go."),
    pgettext_lazy("public site", "Use only an employment agency that has a state licence."),
    pgettext_lazy(
        "public site",
        "Ask for the full contract in a language you read. Read all of it before you sign.",
    ),
    pgettext_lazy(
        "public site", "Go only with papers that let you work there. A tourist visa is not enough."
    ),
    pgettext_lazy("public site", "Never cross a border with a false passport or a false visa."),
    pgettext_lazy(
        "public site",
        "Learn the rules for foreigners in that country: how long you may stay, and which papers you need.",
    ),
    pgettext_lazy(
        "public site", "Tell your family where you go, with whom, how you travel and why."
    ),
    pgettext_lazy(
        "public site", "Leave a copy of your passport and a new photo of yourself with your family."
    ),
    pgettext_lazy(
        "public site",
        "Agree a secret word with your family. If you say it, they know you are in danger.",
    ),
    pgettext_lazy(
        "public site",
        "Agree a day and time to call your family every week. If you miss the call, they should ask for help.",
    ),
    pgettext_lazy(
        "public site",
        "Take a paper copy of your passport. Keep photos of all your papers on your phone and in your email.",
    ),
    pgettext_lazy(
        "public site",
        "Write down the name, address and phone number of your employer and of the workplace.",
    ),
    pgettext_lazy(
        "public site",
        "Write down the phone and address of your country's embassy there, and of groups that help people in trouble.",
    ),
    pgettext_lazy(
        "public site", "Keep money for a ticket home in a safe place, apart from your other money."
    ),
    pgettext_lazy(
        "public site", "Learn a few words to ask for help in the language of that country."
    ),
    pgettext_lazy(
        "public site", "Never give your passport to an employer or agent. Keep it yourself."
    ),
    pgettext_lazy("public site", "Few warning signs"),
    pgettext_lazy(
        "public site", "We found no strong warning signs. This does not prove the offer is safe."
    ),
    pgettext_lazy("public site", "Make a safety plan before you leave."),
    pgettext_lazy("public site", "Leave copies of your papers with your family."),
    pgettext_lazy("public site", "Call a hotline if anything changes or feels wrong."),
    pgettext_lazy("public site", "Be careful"),
    pgettext_lazy(
        "public site", "This offer has warning signs. Find out more before you agree to anything."
    ),
    pgettext_lazy("public site", "Do not pay money or sign anything yet."),
    pgettext_lazy("public site", "Ask for the whole offer in writing."),
    pgettext_lazy("public site", "Call a migrants' hotline and ask for advice."),
    pgettext_lazy("public site", "High risk"),
    pgettext_lazy(
        "public site",
        "This offer has strong signs of trafficking or forced work. Please get advice before you go.",
    ),
    pgettext_lazy("public site", "Do not give your passport or money to anyone."),
    pgettext_lazy("public site", "Call a hotline or IOM before you decide."),
    pgettext_lazy("public site", "Tell your family about this offer."),
    pgettext_lazy("public site", "Do you know exactly what work you will do?"),
    pgettext_lazy("public site", "Yes, I know the work in detail"),
    pgettext_lazy("public site", "Only roughly"),
    pgettext_lazy("public site", "No"),
    pgettext_lazy("public site", "Who pays for the trip, the visa and the papers?"),
    pgettext_lazy("public site", "I pay myself"),
    pgettext_lazy("public site", "The employer or agent pays everything"),
    pgettext_lazy("public site", "They pay now and I pay back from my wages"),
    pgettext_lazy("public site", "I don't know"),
    pgettext_lazy("public site", "Will you get a written contract in a language you read well?"),
    pgettext_lazy("public site", "Yes, and I can read it"),
    pgettext_lazy("public site", "Yes, but in a language I don't read"),
    pgettext_lazy("public site", "No written contract"),
    pgettext_lazy("public site", "Will the employer or agent keep your passport?"),
    pgettext_lazy("public site", "No, I keep it"),
    pgettext_lazy("public site", "Yes"),
    pgettext_lazy("public site", "Which papers will you have for work there?"),
    pgettext_lazy("public site", "A work visa or work permit"),
    pgettext_lazy("public site", "A tourist or visitor visa"),
    pgettext_lazy("public site", "No papers for work"),
    pgettext_lazy("public site", "Does the agency that found the job have a state licence?"),
    pgettext_lazy("public site", "Yes, I checked"),
    pgettext_lazy("public site", "There is no agency"),
    pgettext_lazy("public site", "Is the pay much higher than others get for this work?"),
    pgettext_lazy("public site", "No, it is normal pay"),
    pgettext_lazy("public site", "Yes, much higher"),
    pgettext_lazy("public site", "How did you get this offer?"),
    pgettext_lazy("public site", "From a state job centre or a licensed agency"),
    pgettext_lazy("public site", "From a friend, neighbour or relative"),
    pgettext_lazy("public site", "From a person I did not know before"),
    pgettext_lazy("public site", "Through social media or a messenger"),
    pgettext_lazy("public site", "Must you pay a fee before you start work?"),
    pgettext_lazy("public site", "Do you know the address of the workplace?"),
    pgettext_lazy("public site", "How will your passport and visa be made?"),
    pgettext_lazy("public site", "I get them myself at the official office"),
    pgettext_lazy("public site", "The agent arranges them for me"),
    pgettext_lazy("public site", "They will be false or in another person's name"),
    pgettext_lazy(
        "public site", "Were you told you cannot leave the workplace or the housing freely?"
    ),
    pgettext_lazy("public site", "No, I can go out freely"),
    pgettext_lazy("public site", "Yes, I cannot go out freely"),
    pgettext_lazy(
        "public site",
        "They want to keep your passport. Without it you cannot leave or ask for help easily.",
    ),
    pgettext_lazy(
        "public site",
        "You would travel with false papers. This puts you in danger and in the hands of others.",
    ),
    pgettext_lazy(
        "public site",
        "Do not cross a border with false papers. Get your own papers at the official office.",
    ),
    pgettext_lazy(
        "public site", "You were told you cannot go out freely. This is a sign of forced work."
    ),
    pgettext_lazy(
        "public site",
        "Do not accept a job where you cannot leave freely. Call a hotline for advice.",
    ),
    pgettext_lazy("public site", "High pay for work nobody explains is a common trap."),
    pgettext_lazy(
        "public site", "Ask what the work is, where, and for whom. Do not go until you know."
    ),
    pgettext_lazy(
        "public site",
        "You would owe them money and have no clear job or contract. Such a debt can be used to keep you working.",
    ),
    pgettext_lazy(
        "public site",
        "Do not take a loan from an employer or agent without a written contract you can read.",
    ),
    pgettext_lazy(
        "public site",
        "You would work without the right papers and without a contract, or in debt. An employer can then threaten you with the police.",
    ),
    pgettext_lazy(
        "public site", "Go only with papers that allow you to work and with a written contract."
    ),
    pgettext_lazy("public site", "This offer has many warning signs together."),
    pgettext_lazy("public site", "Do not go before you talk to a hotline or IOM."),
    pgettext_lazy("public site", "You do not know exactly what work you will do."),
    pgettext_lazy("public site", "Ask for the job, the hours and the pay in writing."),
    pgettext_lazy(
        "public site", "The pay is much higher than normal. Traffickers often promise big money."
    ),
    pgettext_lazy("public site", "Ask people who already work there what they really earn."),
    pgettext_lazy(
        "public site",
        "They offer to pay for everything. Traffickers often promise this to win your trust.",
    ),
    pgettext_lazy(
        "public site",
        "Ask why they pay and whether you must pay it back. Get the answer in the contract.",
    ),
    pgettext_lazy(
        "public site",
        "You would start the job in debt to them. A debt can be used to keep you working.",
    ),
    pgettext_lazy("public site", "Ask for the amount and the way to pay it back in the contract."),
    pgettext_lazy(
        "public site",
        "There is no written contract. Without it you cannot prove what they promised.",
    ),
    pgettext_lazy("public site", "Ask for a full written contract before you go."),
    pgettext_lazy("public site", "You cannot read the contract, so you do not know what you sign."),
    pgettext_lazy(
        "public site",
        "Ask for the contract in a language you read. Have someone you trust check it.",
    ),
    pgettext_lazy(
        "public site",
        "You would work without papers that allow work. That makes you easy to threaten.",
    ),
    pgettext_lazy(
        "public site",
        "Go only with a work visa or work permit. Learn the rules of the country first.",
    ),
    pgettext_lazy("public site", "The agency has no state licence."),
    pgettext_lazy(
        "public site", "Use only a licensed agency. Ask the state migration service to check it."
    ),
    pgettext_lazy(
        "public site",
        "The offer came from a person you did not know. Many recruiters find people this way.",
    ),
    pgettext_lazy("public site", "Check the person and the company before you agree."),
    pgettext_lazy(
        "public site", "The offer came through social media. Anyone can post a false job there."
    ),
    pgettext_lazy(
        "public site", "Check that the company is real and has an address and a licence."
    ),
    pgettext_lazy(
        "public site", "You must pay before you start. You may lose this money or owe more later."
    ),
    pgettext_lazy(
        "public site", "Do not pay before you have a contract and know who gets the money."
    ),
    pgettext_lazy(
        "public site", "You do not know where you will work. Your family could not find you."
    ),
    pgettext_lazy(
        "public site", "Get the full address of the workplace and give it to your family."
    ),
    pgettext_lazy("public site", "You do not know many important things about this job."),
    pgettext_lazy(
        "public site", "Find out the answers before you agree. Ask the employer to write them down."
    ),
    pgettext_lazy("public site", "Several small doubts together make this offer risky."),
    pgettext_lazy("public site", "Call a migrants' hotline and go through the offer with them."),
    pgettext_lazy(
        "public site",
        "Most people who were trafficked were recruited by someone they knew. Check the offer even if a friend made it.",
    ),
    pgettext_lazy(
        "public site", "Check the company and the contract yourself, even if you trust the person."
    ),
    pgettext_lazy(
        "public site", "Someone else makes your papers, so you cannot be sure they are real."
    ),
    pgettext_lazy(
        "public site", "Check your visa and permit at the official office or the embassy."
    ),
    pgettext_lazy("public site", "Kazakhstan"),
    pgettext_lazy("public site", "Kyrgyzstan"),
    pgettext_lazy("public site", "Tajikistan"),
    pgettext_lazy("public site", "Turkmenistan"),
    pgettext_lazy("public site", "Uzbekistan"),
    pgettext_lazy("public site", "Russia"),
    pgettext_lazy("public site", "United Arab Emirates"),
    pgettext_lazy("public site", "Turkey"),
    pgettext_lazy("public site", "South Korea"),
    pgettext_lazy("public site", "Israel"),
    pgettext_lazy("public site", "Greece"),
    pgettext_lazy("public site", "Thailand"),
    pgettext_lazy("public site", "Malaysia"),
    pgettext_lazy("public site", "Migrants' hotline 1899"),
    pgettext_lazy(
        "public site",
        "Advice before you go to work abroad. You can also report someone who may be trafficked.",
    ),
    pgettext_lazy(
        "public site",
        "CABAR 2021; migranty.org (legal.md §8, source S12): migrants' hotline, USAID / NGO Arysh campaign",
    ),
    pgettext_lazy("public site", "Hotline 189 of IOM and the State Migration Service"),
    pgettext_lazy("public site", "Advice for migrants and help against trafficking."),
    pgettext_lazy("public site", "This line started in 2011. Check that it still works."),
    pgettext_lazy(
        "public site",
        "Times of Central Asia; IOM Central Asia newsletter, June 2011 (legal.md §8, source S13)",
    ),
    pgettext_lazy(
        "public site", "Information and advice centre for migrants, Ministry of Foreign Affairs"
    ),
    pgettext_lazy("public site", "Advice on how to go and work abroad legally."),
    pgettext_lazy("public site", "CABAR 2021"),
    pgettext_lazy("public site", "Anti-trafficking hotline in Dushanbe (IOM, USAID)"),
    pgettext_lazy("public site", "Help and advice about trafficking."),
    pgettext_lazy(
        "public site",
        "This number is from 2012 and may have changed. Check it before you rely on it.",
    ),
    pgettext_lazy("public site", "Asia-Plus, 13 June 2012 (legal.md §8, source T9)"),
    pgettext_lazy("public site", "IOM Tajikistan: help for migrants"),
    pgettext_lazy(
        "public site",
        "IOM runs a free hotline for people who were trafficked. We have not checked its number yet.",
    ),
    pgettext_lazy("public site", "IOM Tajikistan web page (legal.md §8, source T10)"),
    pgettext_lazy("public site", "Family and child helpline 111"),
    pgettext_lazy("public site", "Help for families and children in trouble."),
    pgettext_lazy("public site", "legal.md §8 (recalled, not checked)"),
    pgettext_lazy("public site", "Police 102"),
    pgettext_lazy("public site", "Call the police if you or someone else is in danger."),
)
