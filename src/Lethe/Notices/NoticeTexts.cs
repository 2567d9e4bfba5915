using Lethe.Common;

namespace Lethe.Notices;

/// <summary>The fixed wording of the privacy notice in English, Danish and Norwegian; everything else comes from the data map.</summary>
internal static class NoticeTexts
{
    private static readonly Dictionary<string, Trilingual> Texts = new(StringComparer.Ordinal)
    {
        ["title"] = new("Privacy notice", "Privatlivspolitik", "Personvernerklæring"),
        ["controller"] = new("Who is responsible for your data", "Dataansvarlig", "Behandlingsansvarlig"),
        ["controller_intro"] = new("{0} is the data controller for the processing described here.", "{0} er dataansvarlig for den behandling, der er beskrevet her.", "{0} er behandlingsansvarlig for behandlingen som er beskrevet her."),
        ["representative"] = new("Represented by", "Repræsenteret ved", "Representert ved"),
        ["dpo"] = new("Data protection officer", "Databeskyttelsesrådgiver", "Personvernombud"),
        ["data"] = new("What data we process and why", "Hvilke oplysninger vi behandler og hvorfor", "Hvilke opplysninger vi behandler og hvorfor"),
        ["about"] = new("About", "Om", "Om"),
        ["data_categories"] = new("Data", "Oplysninger", "Opplysninger"),
        ["scope"] = new("Personal data is data about natural persons, including sole proprietorships; data about companies and authorities is not. Portrait photographs are personal data.", "Personoplysninger er oplysninger om fysiske personer, herunder enkeltmandsvirksomheder; oplysninger om selskaber og myndigheder er det ikke. Portrætbilleder er personoplysninger.", "Personopplysninger er opplysninger om fysiske personer, også enkeltpersonforetak; opplysninger om selskaper og myndigheter er det ikke. Portrettbilder er personopplysninger."),
        ["legal_basis"] = new("Legal basis", "Retsgrundlag", "Behandlingsgrunnlag"),
        ["basis.consent"] = new("your consent (GDPR Art. 6(1)(a)), which you can withdraw at any time", "dit samtykke (databeskyttelsesforordningens art. 6, stk. 1, litra a), som du altid kan trække tilbage", "ditt samtykke (personvernforordningen art. 6 nr. 1 bokstav a), som du når som helst kan trekke tilbake"),
        ["basis.contract"] = new("a contract with you, or steps you asked for before one (Art. 6(1)(b))", "en aftale med dig eller skridt, du har bedt om forud for en aftale (art. 6, stk. 1, litra b)", "en avtale med deg, eller tiltak du har bedt om før en avtale (art. 6 nr. 1 bokstav b)"),
        ["basis.legal-obligation"] = new("a legal obligation we are under (Art. 6(1)(c))", "en retlig forpligtelse, vi er underlagt (art. 6, stk. 1, litra c)", "en rettslig forpliktelse vi har (art. 6 nr. 1 bokstav c)"),
        ["basis.vital-interests"] = new("protecting someone's vital interests (Art. 6(1)(d))", "beskyttelse af vitale interesser (art. 6, stk. 1, litra d)", "vern av vitale interesser (art. 6 nr. 1 bokstav d)"),
        ["basis.public-task"] = new("a task in the public interest (Art. 6(1)(e))", "en opgave i samfundets interesse (art. 6, stk. 1, litra e)", "en oppgave i allmennhetens interesse (art. 6 nr. 1 bokstav e)"),
        ["basis.legitimate-interests"] = new("our legitimate interests, which we have weighed against yours (Art. 6(1)(f))", "vores legitime interesser, som vi har afvejet mod dine (art. 6, stk. 1, litra f)", "våre berettigede interesser, som vi har veid mot dine (art. 6 nr. 1 bokstav f)"),
        ["recipients"] = new("Recipients and processors", "Modtagere og databehandlere", "Mottakere og databehandlere"),
        ["no_recipients"] = new("We do not pass your data on to others.", "Vi videregiver ikke dine oplysninger til andre.", "Vi gir ikke opplysningene dine videre til andre."),
        ["role.processor"] = new("processes data on our behalf", "behandler oplysninger på vores vegne", "behandler opplysninger på våre vegne"),
        ["role.sub-processor"] = new("sub-processor", "underdatabehandler", "underdatabehandler"),
        ["role.joint-controller"] = new("joint controller with us", "fælles dataansvarlig med os", "felles behandlingsansvarlig med oss"),
        ["role.independent-controller"] = new("independent controller", "selvstændig dataansvarlig", "selvstendig behandlingsansvarlig"),
        ["transfers"] = new("Transfers outside the EU/EEA", "Overførsler uden for EU/EØS", "Overføringer utenfor EU/EØS"),
        ["retention"] = new("How long we keep your data", "Hvor længe vi opbevarer dine oplysninger", "Hvor lenge vi oppbevarer opplysningene dine"),
        ["at_least"] = new("kept at least {0}", "opbevares mindst {0}", "oppbevares minst {0}"),
        ["at_most"] = new("deleted at the latest after {0}", "slettes senest efter {0}", "slettes senest etter {0}"),
        ["from_year_end"] = new("counted from the end of the financial year", "regnet fra regnskabsårets udløb", "regnet fra regnskapsårets slutt"),
        ["anonymized_at_most"] = new("anonymised at the latest after {0}", "anonymiseres senest efter {0}", "anonymiseres senest etter {0}"),
        ["rights"] = new("Your rights", "Dine rettigheder", "Dine rettigheter"),
        ["right.access"] = new("Access: you can see the data we hold about you (Art. 15).", "Indsigt: du kan se de oplysninger, vi har om dig (art. 15).", "Innsyn: du kan se opplysningene vi har om deg (art. 15)."),
        ["right.rectification"] = new("Rectification: you can have wrong data corrected (Art. 16).", "Berigtigelse: du kan få urigtige oplysninger rettet (art. 16).", "Retting: du kan få feil opplysninger rettet (art. 16)."),
        ["right.erasure"] = new("Erasure: you can have data deleted that we are not required to keep (Art. 17).", "Sletning: du kan få slettet oplysninger, vi ikke er forpligtet til at opbevare (art. 17).", "Sletting: du kan få slettet opplysninger vi ikke er pålagt å oppbevare (art. 17)."),
        ["right.restriction"] = new("Restriction: you can have processing limited while a question is settled (Art. 18).", "Begrænsning: du kan få behandlingen begrænset, mens et spørgsmål afklares (art. 18).", "Begrensning: du kan få behandlingen begrenset mens et spørsmål avklares (art. 18)."),
        ["right.portability"] = new("Portability: you can receive data you gave us in a machine-readable format and have it sent to another controller (Art. 20).", "Dataportabilitet: du kan få de oplysninger, du har givet os, i et maskinlæsbart format og få dem sendt til en anden dataansvarlig (art. 20).", "Dataportabilitet: du kan få opplysninger du har gitt oss i et maskinlesbart format og få dem sendt til en annen behandlingsansvarlig (art. 20)."),
        ["right.objection"] = new("Objection: you can object to processing based on our legitimate interests, and always to direct marketing (Art. 21).", "Indsigelse: du kan gøre indsigelse mod behandling baseret på vores legitime interesser og altid mod direkte markedsføring (art. 21).", "Protest: du kan protestere mot behandling basert på våre berettigede interesser, og alltid mot direkte markedsføring (art. 21)."),
        ["right.withdraw"] = new("Withdrawal of consent: you can withdraw a consent at any time, as easily as you gave it (Art. 7(3)).", "Tilbagetrækning af samtykke: du kan altid trække et samtykke tilbage lige så let, som du gav det (art. 7, stk. 3).", "Tilbaketrekking av samtykke: du kan når som helst trekke tilbake et samtykke like enkelt som du ga det (art. 7 nr. 3)."),
        ["rights_contact"] = new("Write to {0} to use your rights. We answer within one month.", "Skriv til {0} for at bruge dine rettigheder. Vi svarer inden for en måned.", "Skriv til {0} for å bruke rettighetene dine. Vi svarer innen en måned."),
        ["complaint"] = new("Complaints", "Klage", "Klage"),
        ["complaint_text"] = new("You can complain to the supervisory authority:", "Du kan klage til tilsynsmyndigheden:", "Du kan klage til tilsynsmyndigheten:"),
        ["cookies"] = new("Cookies and consent", "Cookies og samtykke", "Informasjonskapsler og samtykke"),
        ["cookies_consent"] = new("We only do the following after you have accepted it, and you can change your choice at any time via the link at the bottom of the page:", "Vi gør kun følgende, efter du har accepteret det, og du kan altid ændre dit valg via linket nederst på siden:", "Vi gjør bare følgende etter at du har godtatt det, og du kan når som helst endre valget ditt via lenken nederst på siden:"),
        ["cookies_none"] = new("We set no cookies and do nothing that needs your consent.", "Vi sætter ingen cookies og gør intet, der kræver dit samtykke.", "Vi setter ingen informasjonskapsler og gjør ingenting som krever samtykke."),
        ["security"] = new("How we protect your data", "Sådan beskytter vi dine oplysninger", "Slik beskytter vi opplysningene dine"),
        ["processor"] = new("When we process data for our customers", "Når vi behandler oplysninger for vores kunder", "Når vi behandler opplysninger for kundene våre"),
        ["processor_text"] = new("Here we are data processor and our customer is the data controller; the customer answers requests about the data, and we assist.", "Her er vi databehandler, og kunden er dataansvarlig; kunden besvarer henvendelser om oplysningerne, og vi bistår.", "Her er vi databehandler og kunden er behandlingsansvarlig; kunden svarer på henvendelser om opplysningene, og vi bistår."),
        ["processor_none"] = new("We do not process personal data on behalf of others.", "Vi behandler ikke personoplysninger på vegne af andre.", "Vi behandler ikke personopplysninger på vegne av andre."),
        ["version"] = new("Version", "Version", "Versjon"),
        ["version_text"] = new("Version {0}, published {1}. The latest version is always at this address.", "Version {0}, offentliggjort {1}. Den nyeste version findes altid på denne adresse.", "Versjon {0}, publisert {1}. Den nyeste versjonen finnes alltid på denne adressen."),
    };

    public static string Get(string key, string language) => Texts[key].In(language);
}
