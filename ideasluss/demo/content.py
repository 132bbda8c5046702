"""Demo content for Idéslussen: ideas, challenges, IP principles, start page and stages."""

IDEAS = [
    # --- draft (utkast) ---
    {
        "title": "Generationsboende: studenter bor billigt mot att umgås med äldre grannar",
        "problem": (
            "Studenter har svårt att hitta bostad i Stockholm och många äldre i bolagets "
            "seniorboenden är ensamma. De två grupperna möts nästan aldrig."
        ),
        "proposal": (
            "Hyr ut några lägenheter i seniorboendena till studenter med rabatt på hyran, mot att "
            "studenten lägger några timmar i veckan på gemensamma aktiviteter med de äldre "
            "grannarna, till exempel middagar, spel eller promenader. Bolaget matchar studenter "
            "och äldre som vill delta och följer upp hur det fungerar efter en termin."
        ),
        "value": "Mindre ensamhet bland äldre och fler bostäder för studenter.",
        "value_kinds": ["social"],
        "themes": ["stadsutveckling", "omsorg"],
        "unit": "AB Svenska Bostäder",
        "visibility": "public",
        "author": "resident",
        "state": "draft",
        "classification": None,
        "motivations": [],
        "comments": [],
        "votes": 0,
        "challenge": "ensamhet",
    },
    {
        "title": "Automatiskt utkast till kontrollrapport i livsmedelskontrollen",
        "problem": (
            "Livsmedelsinspektörerna skriver en rapport efter varje kontroll, vilket tar en stor "
            "del av arbetstiden. Många formuleringar är likartade mellan kontrollerna."
        ),
        "proposal": (
            "Låt inspektören fylla i en strukturerad checklista i surfplattan under kontrollen och "
            "skapa ett utkast till rapport automatiskt. Inspektören granskar och kompletterar "
            "innan rapporten skickas."
        ),
        "value": "Mer tid för kontroller och snabbare besked till verksamheterna.",
        "value_kinds": ["economic"],
        "themes": ["digitalisering", "effektivitet"],
        "unit": "Miljöförvaltningen",
        "visibility": "internal",
        "author": "employee",
        "state": "draft",
        "classification": None,
        "motivations": [],
        "comments": [],
        "votes": 0,
        "challenge": None,
    },
    {
        "title": "Spillvärme från hamnens anläggningar till närliggande fastigheter",
        "problem": (
            "Hamnens kylanläggningar och terminaler avger mycket värme som i dag inte tas "
            "tillvara. Samtidigt köper fastigheterna runt hamnen värme till sina byggnader."
        ),
        "proposal": (
            "Undersök om spillvärmen från anläggningarna i Värtahamnen kan levereras till "
            "fjärrvärmenätet eller direkt till fastigheter i Norra Djurgårdsstaden. Gör en första "
            "beräkning tillsammans med Exploateringskontoret och fjärrvärmeleverantören."
        ),
        "value": "Minskade utsläpp och en ny intäkt för hamnen.",
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat", "stadsutveckling"],
        "unit": "Stockholms Hamnar",
        "visibility": "internal",
        "author": "employee",
        "state": "draft",
        "classification": None,
        "motivations": [],
        "comments": [],
        "votes": 0,
        "challenge": None,
    },
    # --- submitted (inskickad) ---
    {
        "title": "Grön våg för cyklister på Götgatan",
        "problem": (
            "Den som cyklar längs Götgatan stannar vid nästan varje trafiksignal, vilket gör "
            "cyklingen långsam och lockar till rödljuskörning. Signalerna är anpassade efter "
            "biltrafikens hastighet."
        ),
        "proposal": (
            "Samordna trafiksignalerna längs Götgatan så att den som cyklar i omkring 20 kilometer "
            "i timmen får grönt hela vägen. Skyltar eller lampor längs cykelbanan visar vilken "
            "hastighet som ger grön våg."
        ),
        "value": "Snabbare och säkrare cykling och färre rödljuskörningar.",
        "value_kinds": ["environmental", "social"],
        "themes": ["mobilitet"],
        "unit": "Trafikkontoret",
        "visibility": "public",
        "author": "resident",
        "state": "submitted",
        "classification": None,
        "motivations": [],
        "comments": [
            "Köpenhamn har haft det här i många år.",
            "Ja tack!",
        ],
        "votes": 23,
        "challenge": "cykel",
    },
    {
        "title": "Cykelskola för vuxna inom SFI",
        "problem": (
            "Många vuxna nyanlända, särskilt kvinnor, har aldrig lärt sig cykla. Det begränsar "
            "möjligheten att ta sig till jobb, praktik och aktiviteter, särskilt i ytterstaden."
        ),
        "proposal": (
            "Erbjud cykelskola som en frivillig del av SFI, med lånecyklar, trafikregler på lätt "
            "svenska och övning på skolgårdar. Deltagarna kan sedan låna en cykel under en period."
        ),
        "value": (
            "Ökad rörlighet och självständighet som underlättar vägen till arbete, och mer "
            "vardagsmotion."
        ),
        "value_kinds": ["social", "economic"],
        "themes": ["mobilitet", "arbetsmarknad"],
        "unit": "Arbetsmarknadsförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "submitted",
        "classification": None,
        "motivations": [],
        "comments": [
            "Min mamma lärde sig cykla när hon var 50 och älskar det.",
            "Ideella cykelorganisationer har material att låna ut.",
        ],
        "votes": 17,
        "challenge": "cykel",
    },
    {
        "title": "Digitala fikastunder med surfplatta för äldre med hemtjänst",
        "problem": (
            "Min pappa har hemtjänst men träffar nästan inga andra människor, eftersom han inte "
            "orkar ta sig till träffpunkten. Hemtjänstens besök är korta och handlar om praktisk "
            "hjälp."
        ),
        "proposal": (
            "Låna ut förenklade surfplattor till äldre med hemtjänst och ordna digitala "
            "fikastunder i små grupper varje vecka, ledda av träffpunktens personal. Hemtjänsten "
            "hjälper till att komma igång de första gångerna."
        ),
        "value": "Fler sociala kontakter för äldre som inte kan ta sig hemifrån.",
        "value_kinds": ["social"],
        "themes": ["omsorg", "digitalisering"],
        "unit": "Norrmalms stadsdelsförvaltning",
        "visibility": "public",
        "author": "resident",
        "state": "submitted",
        "classification": None,
        "motivations": [],
        "comments": [
            "Min granne skulle uppskatta det här.",
        ],
        "votes": 13,
        "challenge": "ensamhet",
    },
    {
        "title": "Mät matsvinnet med digitala vågar i förskolans kök",
        "problem": (
            "I förskolorna i Farsta slängs mycket mat, men ingen vet exakt hur mycket eller vilka "
            "rätter som blir över. Kökspersonalen planerar efter erfarenhet och det blir ofta för "
            "mycket."
        ),
        "proposal": (
            "Ställ digitala vågar i förskoleköken som väger det som slängs efter varje måltid och "
            "sammanställer statistik per rätt och dag. Kockarna använder statistiken för att "
            "justera mängder och menyer."
        ),
        "value": "Mindre matsvinn, lägre livsmedelskostnader och lägre klimatpåverkan.",
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat", "skola"],
        "unit": "Farsta stadsdelsförvaltning",
        "visibility": "public",
        "author": "employee",
        "state": "submitted",
        "classification": None,
        "motivations": [],
        "comments": [],
        "votes": 8,
        "challenge": None,
    },
    {
        "title": "Hyr ut stadens tjänstebilar till invånare på helger",
        "problem": (
            "Stadens tjänstebilar, varav många är elbilar, står stilla på kvällar och helger. "
            "Samtidigt vill många invånare kunna hyra en bil ibland utan att behöva äga en."
        ),
        "proposal": (
            "Gör stadens tjänstebilar tillgängliga som bilpool för invånare på kvällar och helger "
            "via en befintlig bilpoolsoperatör. Intäkterna används för att hålla nere stadens "
            "fordonskostnader."
        ),
        "value": (
            "Bättre nyttjande av stadens fordon, färre privatägda bilar och intäkter till staden."
        ),
        "value_kinds": ["economic", "environmental"],
        "themes": ["mobilitet", "klimat"],
        "unit": "Serviceförvaltningen",
        "visibility": "public",
        "author": "resident",
        "state": "submitted",
        "classification": None,
        "motivations": [],
        "comments": [
            "Spännande, men hur blir det med försäkringen?",
            "Skulle använda det för att åka till landet.",
        ],
        "votes": 18,
        "challenge": None,
    },
    {
        "title": "Simskola för vuxna som aldrig lärt sig simma",
        "problem": (
            "Många vuxna i Stockholm, särskilt nyanlända, kan inte simma och löper större risk att "
            "drunkna. Att lära sig simma som vuxen känns ofta genant och de vanliga simskolorna "
            "riktar sig till barn."
        ),
        "proposal": (
            "Erbjud simskola för vuxna i små grupper på egna tider, med instruktörer som talar "
            "flera språk och möjlighet att byta om enskilt. Samarbeta med SFI och föreningar för "
            "att nå deltagarna."
        ),
        "value": "Färre drunkningsolyckor och fler vuxna som kan följa med sina barn till badet.",
        "value_kinds": ["social"],
        "themes": ["kultur", "arbetsmarknad"],
        "unit": "Idrottsförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "submitted",
        "classification": None,
        "motivations": [],
        "comments": [
            "Viktigt med separata tider för kvinnor.",
            "Gärna i Husby simhall.",
        ],
        "votes": 26,
        "challenge": None,
    },
    {
        "title": "Gemensam felanmälan för de allmännyttiga bostadsbolagen",
        "problem": (
            "Stockholmshem, Familjebostäder och Svenska Bostäder har var sitt system för "
            "felanmälan, var sin kundtjänst och var sin app. Hyresgäster som flyttar mellan "
            "bolagen måste lära sig nya system och bolagen betalar tre gånger för i stort sett "
            "samma sak."
        ),
        "proposal": (
            "Ta fram en gemensam plattform för felanmälan och kundkontakt för de tre bolagen, med "
            "gemensam app och gemensamt utvecklingsarbete men separata ärendeflöden per bolag. "
            "Kostnaderna delas efter antalet lägenheter."
        ),
        "value": "Lägre IT-kostnader och en enklare kontakt för hyresgästerna.",
        "value_kinds": ["economic", "social"],
        "themes": ["digitalisering", "stadsutveckling"],
        "unit": "AB Stockholmshem",
        "visibility": "internal",
        "author": "employee",
        "state": "submitted",
        "classification": None,
        "motivations": [],
        "comments": [
            "Familjebostäder byter system om två år, så tidpunkten kan vara bra.",
        ],
        "votes": 5,
        "challenge": None,
    },
    {
        "title": "Regnbäddar på skolgården som utomhusklassrum",
        "problem": (
            "Vid kraftiga regn står vattnet på asfalten på vår skolgård och barnen kan inte vara "
            "ute. Skolgården är grå och har få platser där barnen kan lära sig om naturen."
        ),
        "proposal": (
            "Ersätt delar av asfalten med regnbäddar och planteringar som tar hand om regnvattnet, "
            "med sittplatser så att ytan kan användas som utomhusklassrum. Låt eleverna vara med "
            "och plantera och följa vattnets väg."
        ),
        "value": (
            "Färre översvämningar, grönare skolgårdar och en ny lärmiljö för NO-undervisningen."
        ),
        "value_kinds": ["environmental", "social"],
        "themes": ["klimat", "skola"],
        "unit": "Skolfastigheter i Stockholm AB (SISAB)",
        "visibility": "public",
        "author": "resident",
        "state": "submitted",
        "classification": None,
        "motivations": [],
        "comments": [
            "Vår skola i Aspudden har precis samma problem.",
            "Kolla SISAB:s biotoptak, det kanske kan samordnas.",
            "Barnen skulle älska att få plantera.",
        ],
        "votes": 21,
        "challenge": None,
    },
    {
        "title": "Fritidsbank i Bromma: låna sportutrustning gratis",
        "problem": (
            "Skidor, skridskor och tält är dyra och används bara några gånger per år. Barn i "
            "familjer med små marginaler går miste om friluftsliv och idrott, samtidigt som "
            "utrustning ligger oanvänd i förråden."
        ),
        "proposal": (
            "Öppna en fritidsbank där invånare skänker begagnad sport- och friluftsutrustning som "
            "andra kan låna gratis i två veckor. Fritidsbanken drivs tillsammans med en förening "
            "och erbjuder platser för arbetsträning."
        ),
        "value": "Fler barn får tillgång till idrott och friluftsliv, och utrustningen återbrukas.",
        "value_kinds": ["social", "environmental"],
        "themes": ["kultur", "klimat"],
        "unit": "Bromma stadsdelsförvaltning",
        "visibility": "public",
        "author": "resident",
        "state": "submitted",
        "classification": None,
        "motivations": [],
        "comments": [
            "Finns i många kommuner och är jättepopulärt.",
            "Jag skänker gärna våra gamla skridskor.",
            "Bra koppling till arbetsträning!",
        ],
        "votes": 36,
        "challenge": None,
    },
    {
        "title": "Anonym chatt med fältassistenter för unga",
        "problem": (
            "Unga som är oroliga för en kompis, för våld eller för droger tar sällan kontakt med "
            "socialtjänsten. Fältassistenterna möter unga ute på kvällarna men når inte dem som "
            "håller sig hemma."
        ),
        "proposal": (
            "Öppna en anonym chatt där unga kan prata med fältassistenter några kvällar i veckan. "
            "Chatten sprids i sociala medier och på skolorna och kan leda vidare till ett möte vid "
            "behov."
        ),
        "value": "Fler unga får stöd tidigt och fältassistenterna når nya grupper.",
        "value_kinds": ["social"],
        "themes": ["trygghet", "digitalisering"],
        "unit": "Södermalms stadsdelsförvaltning",
        "visibility": "public",
        "author": "employee",
        "state": "submitted",
        "classification": None,
        "motivations": [],
        "comments": [
            "Bra! Många vågar inte ringa.",
        ],
        "votes": 10,
        "challenge": None,
    },
    # --- idea (idé) ---
    {
        "title": "Låsbara cykelgarage vid tunnelbanan i Tensta och Rinkeby",
        "problem": (
            "Många i Järva låter bli att cykla till tunnelbanan eftersom cyklar blir stulna eller "
            "vandaliserade vid stationerna. Fler åker därför buss korta sträckor eller går långt."
        ),
        "proposal": (
            "Bygg låsbara cykelgarage vid tunnelbanestationerna som öppnas med en app, med "
            "belysning och laddning för elcyklar. Garaget kan kombineras med en enkel "
            "cykelverkstad som drivs som arbetsträning."
        ),
        "value": (
            "Fler vågar ta cykeln till tunnelbanan, vilket ger bättre hälsa och mindre trafik."
        ),
        "value_kinds": ["social", "environmental"],
        "themes": ["mobilitet", "trygghet"],
        "unit": "Spånga-Tensta stadsdelsförvaltning",
        "visibility": "public",
        "author": "resident",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: svarar på utmaningen om cykling med en kombinerad tjänst "
                "för säker parkering och service i ytterstaden."
            ),
        ],
        "comments": [
            "Min cykel har blivit stulen två gånger vid Tensta centrum.",
            "Bra med laddning för elcyklar!",
            "Finns vid nästan varje station i Nederländerna.",
        ],
        "votes": 42,
        "challenge": "cykel",
    },
    {
        "title": "Läsfarmor och läsmorfar: äldre läser för barnen på förskolan",
        "problem": (
            "Äldre som bor nära våra förskolor berättar att de saknar sammanhang och någon att "
            "vara till nytta för. Samtidigt vill förskolorna ge barnen mer högläsning och fler "
            "vuxna att prata med."
        ),
        "proposal": (
            "Bjud in äldre från träffpunkter och seniorboenden att bli läsvänner på förskolan en "
            "förmiddag i veckan. Förskolan står för fika och introduktion, och biblioteket hjälper "
            "till med bokval. Inga förkunskaper krävs."
        ),
        "value": (
            "Äldre får ett sammanhang och en meningsfull uppgift, och barnen får mer högläsning "
            "och möten över generationsgränserna."
        ),
        "value_kinds": ["social"],
        "themes": ["omsorg", "skola"],
        "unit": "Enskede-Årsta-Vantörs stadsdelsförvaltning",
        "visibility": "public",
        "author": "employee",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: svarar på utmaningen om ensamhet med ett nytt samarbete "
                "mellan förskola och äldreomsorg."
            ),
        ],
        "comments": [
            "Jag är 78 och skulle gärna läsa för barnen!",
            "Hur gör ni med utdrag ur belastningsregistret?",
        ],
        "votes": 38,
        "challenge": "ensamhet",
    },
    {
        "title": "Gemensamma middagar på träffpunkterna kvällstid",
        "problem": (
            "Träffpunkterna för äldre har öppet dagtid, men det är på kvällar och helger som "
            "ensamheten känns mest. Många äldre äter middag ensamma varje dag."
        ),
        "proposal": (
            "Öppna träffpunkterna två kvällar i veckan för gemensam middag som lagas av elever på "
            "restaurangprogrammet tillsammans med frivilliga. Middagen kostar lite och grannar i "
            "alla åldrar är välkomna."
        ),
        "value": "Mindre ensamhet och bättre kost för äldre, och nya kontakter i grannskapet.",
        "value_kinds": ["social"],
        "themes": ["omsorg"],
        "unit": "Bromma stadsdelsförvaltning",
        "visibility": "public",
        "author": "employee",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: kvällsöppna träffpunkter i samverkan med gymnasiets "
                "restaurangprogram är ett nytt upplägg som svarar på utmaningen om ensamhet."
            ),
        ],
        "comments": [
            "Kvällarna är värst, det stämmer.",
            "Restaurangprogrammet på vår skola vill säkert vara med.",
        ],
        "votes": 27,
        "challenge": "ensamhet",
    },
    {
        "title": "Svalkaplatser för äldre under värmeböljor",
        "problem": (
            "Värmeböljorna blir fler och längre, och äldre i varma lägenheter löper stor risk att "
            "bli sjuka. Det saknas samlad kunskap om var i staden det blir varmast och var det "
            "finns svala platser."
        ),
        "proposal": (
            "Kartlägg stadens värmeöar med satellitdata och temperatursensorer och utse svala "
            "inomhusmiljöer, till exempel bibliotek, till svalkaplatser under värmeböljor. "
            "Hemtjänsten får en varningsrutin och äldre erbjuds skjuts."
        ),
        "value": (
            "Färre värmerelaterade sjukdomsfall bland äldre och bättre underlag för "
            "klimatanpassning i stadsplaneringen."
        ),
        "value_kinds": ["social", "environmental"],
        "themes": ["klimat", "omsorg"],
        "unit": "Miljöförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: kombinerar klimatdata med omsorgens arbetssätt på ett "
                "sätt som är nytt för staden."
            ),
        ],
        "comments": [
            "I somras var det 31 grader i min lägenhet.",
            "Biblioteken ställer gärna upp.",
        ],
        "votes": 22,
        "challenge": None,
    },
    {
        "title": "Ängar i stället för klippta gräsmattor i Östermalms parker",
        "problem": (
            "Stora gräsmattor i parkerna klipps varannan vecka trots att de knappt används, vilket "
            "kostar pengar och ger utsläpp. Pollinerande insekter har allt färre platser att leva "
            "på i innerstaden."
        ),
        "proposal": (
            "Gör om lite använda gräsytor till blommande ängar som slås en eller två gånger per "
            "år, med skyltar som förklarar varför. Låt invånarna föreslå vilka ytor som ska bli "
            "äng på en karta."
        ),
        "value": (
            "Mer biologisk mångfald, lägre skötselkostnader och mindre buller från gräsklippare."
        ),
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat"],
        "unit": "Östermalms stadsdelsförvaltning",
        "visibility": "public",
        "author": "resident",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: invånarstyrd omställning av parkskötseln är ett nytt "
                "arbetssätt för stadsdelen."
            ),
        ],
        "comments": [
            "Gärdet vore perfekt!",
            "Tänk på att det ska gå att ha picknick också.",
            "Fint med skyltar som förklarar.",
        ],
        "votes": 34,
        "challenge": None,
    },
    {
        "title": "Digital vägledning om ekonomiskt bistånd på flera språk",
        "problem": (
            "Många som söker ekonomiskt bistånd förstår inte vilka handlingar som krävs, och "
            "ansökningar måste kompletteras flera gånger. Det gör handläggningen långsam och ökar "
            "oron hos den sökande."
        ),
        "proposal": (
            "Ta fram en digital vägledning med enkla frågor som visar exakt vilka underlag som "
            "behövs i den egna situationen, på de tio vanligaste språken och med uppläsning. "
            "Vägledningen kopplas till e-tjänsten för ansökan."
        ),
        "value": (
            "Färre kompletteringar, kortare handläggningstider och ett mer värdigt bemötande för "
            "den sökande."
        ),
        "value_kinds": ["social", "economic"],
        "themes": ["digitalisering", "omsorg"],
        "unit": "Socialförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: en ny flerspråkig tjänst som förändrar mötet med "
                "socialtjänsten för många sökande."
            ),
        ],
        "comments": [
            "Lätt svenska bör också finnas med.",
            "Handläggarna i Skärholmen vill gärna testa.",
        ],
        "votes": 20,
        "challenge": None,
    },
    {
        "title": "Unga som kvällsvärdar i Vällingby och Hässelby centrum",
        "problem": (
            "I Vällingby och Hässelby centrum upplever många otrygghet på kvällarna, och många "
            "unga saknar både jobb och meningsfulla sammanhang. Ordningsvakter finns, men få vuxna "
            "förebilder."
        ),
        "proposal": (
            "Anställ unga mellan 18 och 24 år som kvällsvärdar i centrum i samarbete med "
            "fastighetsägarna. Värdarna utbildas i konflikthantering och första hjälpen och "
            "arbetar i par med en erfaren fältassistent."
        ),
        "value": (
            "Tryggare centrummiljöer och arbetslivserfarenhet för unga som står utanför "
            "arbetsmarknaden."
        ),
        "value_kinds": ["social"],
        "themes": ["trygghet", "arbetsmarknad"],
        "unit": "Hässelby-Vällingby stadsdelsförvaltning",
        "visibility": "public",
        "author": "employee",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt sätt att kombinera trygghetsarbete och "
                "arbetsmarknadsinsatser."
            ),
        ],
        "comments": [
            "Fastighetsägaren i Vällingby centrum borde vara intresserad.",
            "Viktigt med ordentlig handledning.",
        ],
        "votes": 29,
        "challenge": None,
    },
    {
        "title": "Instrumentbibliotek: låna musikinstrument som böcker",
        "problem": (
            "Många barn vill börja spela ett instrument men familjen har inte råd att köpa ett, "
            "särskilt inte innan barnet vet om intresset håller. Samtidigt står instrument "
            "oanvända i förråd hos familjer vars barn har slutat spela."
        ),
        "proposal": (
            "Låt biblioteken låna ut musikinstrument på samma sätt som böcker, med instrument som "
            "skänks av invånare och rustas upp av Kulturskolan. Låntiden är en termin och lånet "
            "kan kombineras med en prova-på-lektion."
        ),
        "value": (
            "Fler barn får spela oavsett familjens ekonomi, och instrument kommer till användning "
            "i stället för att samla damm."
        ),
        "value_kinds": ["social", "environmental"],
        "themes": ["kultur"],
        "unit": "Kulturförvaltningen",
        "visibility": "public",
        "author": "resident",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt utlåningskoncept som knyter ihop biblioteken och "
                "Kulturskolan."
            ),
        ],
        "comments": [
            "Jag har en gitarr i förrådet som jag gärna skänker!",
            "Finns i Helsingfors och är jättepopulärt.",
            "Hur blir det med stämning och underhåll?",
            "Bra för oss som har långt till en musikaffär.",
        ],
        "votes": 66,
        "challenge": None,
    },
    {
        "title": "Prediktivt underhåll av pumpstationer med maskininlärning",
        "problem": (
            "Haverier i avloppspumpstationer kan leda till att orenat avloppsvatten bräddar ut i "
            "sjöar och vattendrag. Underhållet görs i dag efter fasta intervall och många fel "
            "upptäcks först när pumpen stannar."
        ),
        "proposal": (
            "Använd befintliga driftdata om vibrationer, strömförbrukning och drifttid för att "
            "träna en modell som förutser pumphaverier. Driftteknikerna får varningar i god tid "
            "och kan planera åtgärderna."
        ),
        "value": (
            "Färre bräddningar och akuta utryckningar, lägre underhållskostnader och bättre "
            "vattenmiljö."
        ),
        "value_kinds": ["economic", "environmental"],
        "themes": ["effektivitet", "digitalisering"],
        "unit": "Stockholm Vatten och Avfall AB",
        "visibility": "internal",
        "author": "employee",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: prediktivt underhåll med maskininlärning är ett språng "
                "från dagens intervallbaserade underhåll."
            ),
        ],
        "comments": [
            "Vi har bra data från de nyare stationerna.",
        ],
        "votes": 6,
        "challenge": None,
    },
    {
        "title": "Tomma lokaler blir tillfälliga ateljéer och mötesplatser",
        "problem": (
            "Många av stadens lokaler står tomma i väntan på ombyggnad eller ny hyresgäst, ibland "
            "i flera år. Samtidigt saknar konstnärer, unga och föreningar lokaler de har råd med."
        ),
        "proposal": (
            "Upplåt tomma lokaler med korta kontrakt till konstnärer och föreningar mot att de "
            "håller lokalen öppen för allmänheten några dagar i veckan. Fastighetskontoret tar "
            "fram ett standardkontrakt och en enkel ansökan."
        ),
        "value": (
            "Levande bottenvåningar, billiga lokaler för kulturlivet och mindre skadegörelse på "
            "tomma fastigheter."
        ),
        "value_kinds": ["social", "economic"],
        "themes": ["kultur", "stadsutveckling"],
        "unit": "Fastighetskontoret",
        "visibility": "public",
        "author": "resident",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: en ny modell för tillfällig upplåtelse som knyter "
                "fastighetsförvaltning till kulturlivets behov."
            ),
        ],
        "comments": [
            "Som konstnär har jag letat ateljé i två år.",
            "Kulturförvaltningen kan hjälpa till med urvalet.",
        ],
        "votes": 40,
        "challenge": None,
    },
    {
        "title": "Samlastning av leveranser till skolor och förskolor",
        "problem": (
            "Stadens skolor och förskolor får leveranser från många olika leverantörer, ofta flera "
            "lastbilar per dag till samma adress. Det ger trafik och otrygghet vid skolgårdarna "
            "och onödiga utsläpp."
        ),
        "proposal": (
            "Samla stadens leveranser i en samlastningscentral där varor från olika leverantörer "
            "lastas om och körs ut med eldrivna fordon en gång per dag. Krav på leverans via "
            "centralen skrivs in i kommande upphandlingar."
        ),
        "value": (
            "Färre tunga transporter vid skolorna, lägre utsläpp och ett exempel på staden som "
            "innovativ beställare."
        ),
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat", "mobilitet"],
        "unit": "Stadsledningskontoret",
        "visibility": "internal",
        "author": "employee",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: använder stadens köpkraft för en ny logistikmodell, i "
                "linje med strategins inriktning om staden som innovativ beställare."
            ),
        ],
        "comments": [
            "Förskolan nära oss får sju leveranser en vanlig tisdag.",
        ],
        "votes": 11,
        "challenge": None,
    },
    {
        "title": "AI-stöd för att sammanställa synpunkter i detaljplanesamråd",
        "problem": (
            "Vid samråd om detaljplaner kommer ibland tusentals synpunkter som planhandläggarna "
            "läser och sammanfattar för hand i samrådsredogörelsen. Arbetet tar veckor och "
            "försenar planprocessen."
        ),
        "proposal": (
            "Använd en språkmodell i stadens säkra miljö för att gruppera synpunkterna efter tema "
            "och ta fram ett första utkast till sammanfattning. Handläggaren granskar, justerar "
            "och ansvarar för den slutliga texten."
        ),
        "value": "Snabbare planprocesser och mer tid för dialog med invånare och andra berörda.",
        "value_kinds": ["economic", "social"],
        "themes": ["digitalisering", "effektivitet"],
        "unit": "Stadsbyggnadskontoret",
        "visibility": "internal",
        "author": "employee",
        "state": "idea",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: AI-stöd i planprocessen är nytt och kan spridas till "
                "andra förvaltningars remiss- och samrådsarbete."
            ),
        ],
        "comments": [
            "Intressant även för Stadsledningskontorets remissammanställningar.",
            "Viktigt att alla synpunkter faktiskt läses av en människa.",
        ],
        "votes": 15,
        "challenge": None,
    },
    # --- prestudy (förstudie) ---
    {
        "title": "Lådcykelpool för barnfamiljer i Skärholmen",
        "problem": (
            "Många barnfamiljer i Skärholmen har inte råd med bil eller lådcykel, och att ta sig "
            "till förskola, affär och fritidsaktiviteter med flera barn och kassar är svårt med "
            "kollektivtrafik. Lådcyklar är dyra och få vågar köpa en utan att ha provat."
        ),
        "proposal": (
            "Skapa en lådcykelpool där familjer kan låna elassisterade lådcyklar gratis eller "
            "billigt, med bokning i en app och upphämtning vid biblioteket eller "
            "medborgarkontoret. Erbjud en kort introduktion i trafiksäkerhet och cykling med barn."
        ),
        "value": (
            "Mindre bilberoende, mer vardagsmotion och lika möjligheter att välja cykeln oavsett "
            "inkomst."
        ),
        "value_kinds": ["environmental", "social"],
        "themes": ["mobilitet", "klimat"],
        "unit": "Skärholmens stadsdelsförvaltning",
        "visibility": "public",
        "author": "resident",
        "state": "prestudy",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: en delningstjänst för barnfamiljer i ytterstaden som "
                "svarar direkt på utmaningen om cykling."
            ),
            (
                "Förstudie om driftmodell, försäkring, förvaring och efterfrågan tillsammans med "
                "Trafikkontoret."
            ),
        ],
        "comments": [
            "Vi skulle låna varje helg!",
            "Finns redan i Göteborg, lär av dem.",
            "Kan cyklarna stå vid Skärholmens bibliotek?",
            "Glöm inte cykelhjälmar för barnen.",
        ],
        "votes": 53,
        "challenge": "cykel",
    },
    {
        "title": "Telefonvänner mellan gymnasieelever och äldre",
        "problem": (
            "Många äldre som bor ensamma pratar knappt med någon under veckan. Samtidigt söker "
            "gymnasieelever meningsfulla uppdrag och kontakter med vuxna utanför familjen."
        ),
        "proposal": (
            "Para ihop gymnasieelever med äldre som vill ha en telefonvän, för ett samtal i veckan "
            "under en termin. Eleverna får en introduktion från äldreomsorgen och kan ta med "
            "erfarenheten i sitt gymnasiearbete. Träffpunkterna ordnar en gemensam fika för alla "
            "par två gånger per termin."
        ),
        "value": "Mindre ensamhet bland äldre och ökad förståelse mellan generationerna.",
        "value_kinds": ["social"],
        "themes": ["omsorg", "skola"],
        "unit": "Äldreförvaltningen",
        "visibility": "public",
        "author": "resident",
        "state": "prestudy",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt arbetssätt över generationsgränserna som svarar "
                "på utmaningen om ensamhet bland äldre."
            ),
            (
                "Förstudie tillsammans med Utbildningsförvaltningen om matchning, trygghet för "
                "båda parter och hur insatsen kan kopplas till skolarbetet."
            ),
        ],
        "comments": [
            "Min farmor skulle älska det här.",
            "Jag går på gymnasiet och vill gärna vara med!",
            "Hur säkerställer ni att de äldre känner sig trygga?",
            "Kan samtalen ske på andra språk än svenska också?",
        ],
        "votes": 61,
        "challenge": "ensamhet",
    },
    {
        "title": "AI-analys av flygbilder för uppföljning av grönytefaktorn",
        "problem": (
            "I markanvisningar ställer staden krav på grönytefaktor, men uppföljningen efter "
            "byggnation är manuell och görs sällan. Det är därför oklart om de gröna åtagandena "
            "faktiskt genomförs."
        ),
        "proposal": (
            "Använd stadens årliga flygbilder och en AI-modell som klassar gröna ytor, gröna tak "
            "och träd, och jämför automatiskt utfallet med den utlovade grönytefaktorn. Avvikelser "
            "flaggas för uppföljning med byggherren."
        ),
        "value": (
            "Säkrare genomförande av gröna åtaganden och mindre manuellt arbete i uppföljningen."
        ),
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat", "stadsutveckling"],
        "unit": "Exploateringskontoret",
        "visibility": "internal",
        "author": "employee",
        "state": "prestudy",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: AI-baserad uppföljning av avtalskrav är nytt för staden "
                "och kan spridas till fler förvaltningar."
            ),
            (
                "Förstudie tillsammans med Stadsbyggnadskontoret om bildunderlag, modellens "
                "träffsäkerhet och avtalsfrågor."
            ),
        ],
        "comments": [
            "Stadsbyggnadskontoret har bra flygbildsunderlag att dela.",
            "Spännande – kan samma modell följa upp trädkronornas täckning?",
        ],
        "votes": 9,
        "challenge": None,
    },
    {
        "title": "En gemensam bokningstjänst för stadens lokaler till föreningar",
        "problem": (
            "Föreningar som vill hyra en lokal för möten och aktiviteter måste kontakta varje "
            "stadsdelsförvaltning, skola och bibliotek för sig. Många lokaler står tomma på "
            "kvällar och helger medan föreningar saknar plats."
        ),
        "proposal": (
            "Samla stadens bokningsbara lokaler – skolmatsalar, aulor, bibliotekens mötesrum och "
            "fritidsgårdar – i en gemensam bokningstjänst med karta, bilder och pris. Bokningen "
            "görs med BankID och nycklar ersätts med digitala lås där det är möjligt."
        ),
        "value": (
            "Bättre nyttjande av stadens lokaler och enklare för civilsamhället att verka i hela "
            "staden."
        ),
        "value_kinds": ["social", "economic"],
        "themes": ["digitalisering", "kultur"],
        "unit": "Kungsholmens stadsdelsförvaltning",
        "visibility": "public",
        "author": "employee",
        "state": "prestudy",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: en ny stadsgemensam tjänst som bryter stuprören mellan "
                "förvaltningarnas lokalbokningar."
            ),
            (
                "Förstudie om vilka lokaler som kan ingå, prismodell och teknisk lösning "
                "tillsammans med Serviceförvaltningen."
            ),
        ],
        "comments": [
            "Vår körförening letar alltid lokal.",
            "Bra! Visa gärna också om lokalen är tillgänglig med rullstol.",
            "Hur blir det med städningen efter bokningarna?",
        ],
        "votes": 44,
        "challenge": None,
    },
    {
        "title": "Värmekameror hittar energiläckor i äldreboendenas fasader",
        "problem": (
            "Många av Micasas äldre fastigheter har dåligt isolerade fasader och fönster, men det "
            "saknas en samlad bild av var värmeförlusterna är störst. Energiåtgärder prioriteras "
            "därför efter byggnadernas ålder snarare än efter behov."
        ),
        "proposal": (
            "Fotografera samtliga fastigheter med värmekamera från drönare under kalla "
            "vinternätter och låt en bildanalys rangordna fasaderna efter värmeförluster. "
            "Resultatet kopplas till underhållsplanen."
        ),
        "value": "Energiåtgärder där de gör mest nytta och ett bättre inomhusklimat för de boende.",
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat", "effektivitet"],
        "unit": "Micasa Fastigheter i Stockholm AB",
        "visibility": "internal",
        "author": "employee",
        "state": "prestudy",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: systematisk termografering kopplad till "
                "underhållsplaneringen är ett nytt arbetssätt för bolaget."
            ),
            (
                "Förstudie om tillstånd för drönarflygning, integritet vid fotografering och "
                "kostnad per fastighet."
            ),
        ],
        "comments": [
            "Fastighetskontoret har gjort något liknande med handhållna kameror, hör av er.",
        ],
        "votes": 7,
        "challenge": None,
    },
    {
        "title": "Landström för skärgårdsbåtarna vid Strömkajen",
        "problem": (
            "Skärgårdsbåtarna vid Strömkajen kör ofta motorer eller generatorer när de ligger "
            "förtöjda för att få värme och el. Det ger buller och sämre luft för boende och "
            "besökare längs kajen."
        ),
        "proposal": (
            "Bygg ut landström vid Strömkajen så att skärgårdsbåtarna kan ansluta till elnätet när "
            "de ligger vid kaj. Sätt en avgift som gör det billigare än att köra generatorn och "
            "gör anslutning till ett krav i avtalen med rederierna."
        ),
        "value": (
            "Renare luft och mindre buller i innerstaden och lägre klimatutsläpp från sjötrafiken."
        ),
        "value_kinds": ["environmental", "social"],
        "themes": ["klimat", "mobilitet"],
        "unit": "Stockholms Hamnar",
        "visibility": "public",
        "author": "resident",
        "state": "prestudy",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: en ny kombination av teknik och avtalsvillkor för den "
                "mindre passagerartrafiken i innerstaden."
            ),
            (
                "Förstudie om elkapacitet, kajens skick och avtal med rederierna tillsammans med "
                "Region Stockholm."
            ),
        ],
        "comments": [
            "Avgaserna vid Strömkajen är verkligen ett problem.",
            "Finns ju redan för de stora fartygen, varför inte här?",
        ],
        "votes": 35,
        "challenge": None,
    },
    {
        "title": "Gemensamt sensornät för stadens förvaltningar och bolag",
        "problem": (
            "Förvaltningar och bolag köper var för sig sensorer och uppkoppling för att mäta till "
            "exempel temperatur, fukt, fyllnadsgrad och luftkvalitet. Det blir många parallella "
            "nät, avtal och plattformar som inte kan dela data med varandra."
        ),
        "proposal": (
            "Bygg ett gemensamt LoRaWAN-nät för sensorer i hela staden som alla förvaltningar och "
            "bolag kan ansluta sig till, med en gemensam dataplattform och standardavtal. Stokab "
            "driver nätet och verksamheterna betalar per ansluten sensor."
        ),
        "value": (
            "Lägre kostnader för uppkopplade sensorer i staden och möjlighet att dela sensordata "
            "mellan verksamheter och som öppna data."
        ),
        "value_kinds": ["economic"],
        "themes": ["digitalisering", "effektivitet"],
        "unit": "Stokab",
        "visibility": "internal",
        "author": "employee",
        "state": "prestudy",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: en gemensam infrastruktur som kan förändra hur hela "
                "staden arbetar med sensordata."
            ),
            (
                "Förstudie om täckning, affärsmodell och vilka verksamheter som har behov de "
                "närmaste tre åren."
            ),
        ],
        "comments": [
            "Stockholm Vatten och Avfall är intresserade för våra fyllnadssensorer.",
            "Ta med Miljöförvaltningens luftmätare i förstudien.",
            "Hur ser ni på informationssäkerheten?",
        ],
        "votes": 14,
        "challenge": None,
    },
    {
        "title": "Dela tomma boendeparkeringar dagtid via en app",
        "problem": (
            "I många bostadsområden står parkeringsplatser tomma dagtid när de boende kört till "
            "jobbet, samtidigt som hantverkare och hemtjänst har svårt att hitta parkering. Det "
            "leder till cirkulerande söktrafik och felparkeringar."
        ),
        "proposal": (
            "Låt boende med egen p-plats i gatumark eller i bostadsbolagens garage dela platsen "
            "dagtid via en app, där hantverkare och hemtjänst kan hyra den några timmar. En del av "
            "intäkten går tillbaka till den som delar sin plats."
        ),
        "value": (
            "Mindre söktrafik och felparkering, bättre utnyttjande av gatumarken och en enklare "
            "vardag för hemtjänsten."
        ),
        "value_kinds": ["economic", "environmental"],
        "themes": ["mobilitet", "stadsutveckling"],
        "unit": "Trafikkontoret",
        "visibility": "public",
        "author": "resident",
        "state": "prestudy",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: en ny modell för delning av parkeringsytor som inte "
                "prövats i Stockholm."
            ),
            (
                "Förstudie om regelverket för boendeparkering, teknisk lösning och efterfrågan "
                "från hemtjänsten."
            ),
        ],
        "comments": [
            "Hemtjänsten i vårt område letar parkering varje dag.",
            "Boendeparkering är ju ingen bestämd plats – hur ska det fungera?",
            "Bra tanke, men juridiken lär vara knepig.",
        ],
        "votes": 48,
        "challenge": None,
    },
    {
        "title": "Jobbspår till undersköterska med språkstöd på arbetsplatsen",
        "problem": (
            "Äldreomsorgen har stora rekryteringsbehov samtidigt som många nyanlända med "
            "erfarenhet av omsorg står långt från arbetsmarknaden. Kraven på svenska gör vägen "
            "till undersköterskeutbildningen lång."
        ),
        "proposal": (
            "Skapa ett jobbspår där deltagarna varvar yrkessvenska och undersköterskeutbildning "
            "med praktik på äldreboenden, med en språkhandledare som finns med på arbetsplatsen. "
            "Efter godkänd utbildning erbjuds anställning."
        ),
        "value": "Fler i arbete och en tryggad kompetensförsörjning i äldreomsorgen.",
        "value_kinds": ["social", "economic"],
        "themes": ["arbetsmarknad", "omsorg"],
        "unit": "Arbetsmarknadsförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "prestudy",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: att bygga in språkhandledning på arbetsplatsen i "
                "utbildningen är ett nytt arbetssätt."
            ),
            (
                "Förstudie tillsammans med Äldreförvaltningen och vuxenutbildningen om upplägg och "
                "finansiering."
            ),
        ],
        "comments": [
            "Vi på äldreboendet tar gärna emot praktikanter.",
            "Språkhandledare på plats gör stor skillnad.",
        ],
        "votes": 31,
        "challenge": None,
    },
    {
        "title": "Trygghetskarta från trygghetsvandringar som öppna data",
        "problem": (
            "Vid trygghetsvandringar noterar de boende otrygga platser som trasig belysning, "
            "skymda gångvägar och klotter, men anteckningarna hamnar hos olika förvaltningar och "
            "försvinner. De boende får sällan veta vad som hänt."
        ),
        "proposal": (
            "Använd en gemensam app under trygghetsvandringarna där varje iakttagelse markeras på "
            "en karta med foto. Ärendena skickas automatiskt till rätt förvaltning eller bolag och "
            "status visas öppet för alla."
        ),
        "value": (
            "Snabbare åtgärder för tryggare miljöer och ökat förtroende när invånarna ser att "
            "synpunkterna tas om hand."
        ),
        "value_kinds": ["social"],
        "themes": ["trygghet", "digitalisering"],
        "unit": "Skarpnäcks stadsdelsförvaltning",
        "visibility": "public",
        "author": "resident",
        "state": "prestudy",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: öppen och gemensam uppföljning av trygghetsvandringar "
                "mellan förvaltningar och bolag är ny för staden."
            ),
            (
                "Förstudie om koppling till befintlig felanmälan, vilka uppgifter som kan "
                "publiceras och ansvarsfördelning."
            ),
        ],
        "comments": [
            "Vi gick trygghetsvandring i fjol och ingenting har hänt.",
            "Bra om bostadsbolagen också är med.",
            "Tänk på att inte peka ut enskilda personer.",
        ],
        "votes": 57,
        "challenge": None,
    },
    # --- pilot (pilot) ---
    {
        "title": "AI-stödd översättning vid utvecklingssamtal och föräldramöten i förskolan",
        "problem": (
            "I våra förskolor talas över 40 språk och många vårdnadshavare förstår inte det som "
            "sägs på föräldramöten och utvecklingssamtal. Tolk måste bokas i förväg och finns inte "
            "alltid på alla språk. Vårdnadshavare går därför miste om viktig information om sina "
            "barn."
        ),
        "proposal": (
            "Pröva en AI-tjänst för talöversättning i realtid där vårdnadshavaren följer samtalet "
            "på sitt språk i mobilen, som text och tal. Tjänsten körs i en lösning som uppfyller "
            "stadens krav på informationssäkerhet och sparar inga samtal. Auktoriserad tolk "
            "används som förut vid känsliga samtal."
        ),
        "value": (
            "Fler vårdnadshavare kan delta på lika villkor, och förskolorna minskar sina "
            "tolkkostnader för enklare möten."
        ),
        "value_kinds": ["social", "economic"],
        "themes": ["skola", "digitalisering"],
        "unit": "Rinkeby-Kista stadsdelsförvaltning",
        "visibility": "public",
        "author": "employee",
        "state": "pilot",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ny teknik som kan förändra dialogen med vårdnadshavare i "
                "hela staden. Värdet är främst socialt."
            ),
            (
                "Förstudie om informationssäkerhet, dataskydd och kvaliteten i översättningen på "
                "de vanligaste språken."
            ),
            (
                "Förstudierapporten visar god kvalitet på tolv språk och en lösning utan lagring "
                "av samtal. Pilot på sex förskolor under en termin."
            ),
        ],
        "comments": [
            "Jag kunde äntligen ställa frågor på mitt eget språk.",
            "Hur blir det med dialekter?",
            "Utbildningsförvaltningen följer gärna piloten inför skolans utvecklingssamtal.",
            "Viktigt att tolk finns kvar när det gäller oro för barnet.",
        ],
        "votes": 83,
        "challenge": None,
    },
    {
        "title": "Rörelsestyrd belysning i parkerna nattetid",
        "problem": (
            "Flera parker i Hägersten och Älvsjö är helt mörka på natten, och många, särskilt "
            "kvinnor och äldre, undviker därför att gå genom dem. Att ha full belysning hela "
            "natten kostar mycket energi och stör fladdermöss och andra djur."
        ),
        "proposal": (
            "Sätt upp LED-belysning längs parkernas huvudstråk som lyser svagt hela natten och "
            "tänds upp helt när någon närmar sig. Ljuset följer den som går genom parken och "
            "dimras ner igen efteråt. Börja i Vinterviksparken och längs gångvägen genom "
            "Älvsjöskogen."
        ),
        "value": (
            "Tryggare kvällspromenader och lägre energiförbrukning än med vanlig belysning, med "
            "hänsyn till djurlivet."
        ),
        "value_kinds": ["social", "environmental"],
        "themes": ["trygghet", "klimat"],
        "unit": "Hägersten-Älvsjö stadsdelsförvaltning",
        "visibility": "public",
        "author": "resident",
        "state": "pilot",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: adaptiv belysning som balanserar trygghet och biologisk "
                "mångfald är ny för stadens parker."
            ),
            (
                "Förstudie tillsammans med Trafikkontoret om teknik, energiförbrukning och "
                "ekologisk påverkan."
            ),
            (
                "Förstudierapporten visar att energiförbrukningen kan halveras jämfört med vanlig "
                "belysning. Pilot längs två parkstråk under vinterhalvåret med trygghetsmätning "
                "före och efter."
            ),
        ],
        "comments": [
            "Äntligen! Jag har gått omvägar i flera år.",
            "Tänk på fladdermössen vid vattnet.",
            "Samma sak skulle behövas i Farstanäset.",
            "Gick där i kväll, det kändes mycket tryggare.",
            "Hur blir det med skadegörelse på lamporna?",
        ],
        "votes": 112,
        "challenge": None,
    },
    {
        "title": "Flexibla avstigningsplatser på kvällsbussar för en tryggare väg hem",
        "problem": (
            "Den som åker buss sent på kvällen får ofta gå långt och i mörker från hållplatsen "
            "till bostaden. Många tar därför taxi eller avstår från att resa, vilket särskilt "
            "drabbar unga, kvinnor och personer med funktionsnedsättning."
        ),
        "proposal": (
            "Inför flexibla avstigningsplatser efter klockan 21 på utvalda busslinjer, där "
            "resenären kan be föraren att stanna mellan hållplatserna där det är säkert. "
            "Trafikkontoret pekar ut lämpliga platser längs linjerna. Piloten görs i samarbete med "
            "Region Stockholm, som ansvarar för busstrafiken."
        ),
        "value": (
            "Tryggare och kortare väg hem på kvällen och ett mer attraktivt kollektivtrafikresande."
        ),
        "value_kinds": ["social"],
        "themes": ["mobilitet", "trygghet"],
        "unit": "Trafikkontoret",
        "visibility": "public",
        "author": "resident",
        "state": "pilot",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: flexibla avstigningsplatser är ett nytt sätt att "
                "kombinera trygghet och kollektivtrafik i staden."
            ),
            (
                "Förstudie tillsammans med Region Stockholm om trafiksäkerhet, förarnas "
                "arbetsmiljö och lämpliga linjer."
            ),
            (
                "Förstudien pekar ut tre linjer i ytterstaden med säkra avstigningsplatser. Pilot "
                "under ett halvår med resenärsenkät."
            ),
        ],
        "comments": [
            "Det här borde finnas överallt.",
            "Finns i flera kanadensiska städer och fungerar bra.",
            "Som busschaufför undrar jag hur det påverkar tidtabellen.",
        ],
        "votes": 95,
        "challenge": None,
    },
    {
        "title": "Återbrukshubb för byggmaterial i stadens exploateringsområden",
        "problem": (
            "När byggnader rivs i stadens exploateringsområden går stora mängder tegel, dörrar, "
            "armaturer och natursten till deponi eller förbränning. Samtidigt köper byggherrarna "
            "nytt material till nya projekt i samma område."
        ),
        "proposal": (
            "Inrätta en tillfällig återbrukshubb inom exploateringsområdet där material från "
            "rivningar inventeras, lagras och erbjuds byggherrarna. Krav på inventering av "
            "återbrukbart material skrivs in i markanvisningsavtalen. Ett digitalt register visar "
            "vad som finns."
        ),
        "value": (
            "Minskade klimatutsläpp från byggandet och lägre materialkostnader, med staden som "
            "föregångare i cirkulärt byggande."
        ),
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat", "stadsutveckling"],
        "unit": "Exploateringskontoret",
        "visibility": "public",
        "author": "employee",
        "state": "pilot",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt sätt att använda stadens roll som markägare för "
                "att driva cirkulärt byggande."
            ),
            (
                "Förstudie om lageryta, avtalsvillkor i markanvisningar och efterfrågan hos "
                "byggherrarna."
            ),
            (
                "Förstudierapporten visar efterfrågan hos sex byggherrar och en lämplig tillfällig "
                "yta. Pilot i ett exploateringsområde i söderort under två år."
            ),
        ],
        "comments": [
            "Vi som byggherre vill gärna vara med.",
            "Kan SISAB och Micasa använda hubben i sina projekt?",
        ],
        "votes": 37,
        "challenge": None,
    },
    {
        "title": "Öppna skolgårdar för spontanidrott på kvällar och helger",
        "problem": (
            "Skolgårdarnas bollplaner och idrottsytor står låsta på kvällar och helger, samtidigt "
            "som det är brist på platser för spontanidrott. Unga samlas i stället där det finns "
            "lite att göra och där vuxna saknas."
        ),
        "proposal": (
            "Öppna utvalda skolgårdar på kvällar och helger med digitala lås som styrs efter "
            "schema, med belysning och en fritidsledare på plats vissa kvällar. "
            "Idrottsförvaltningen, SISAB och stadsdelsförvaltningarna delar på ansvaret. "
            "Föreningar kan hålla prova-på-aktiviteter."
        ),
        "value": "Fler platser för rörelse och möten nära hemmet och fler vuxna ute på kvällarna.",
        "value_kinds": ["social"],
        "themes": ["kultur", "trygghet"],
        "unit": "Idrottsförvaltningen",
        "visibility": "public",
        "author": "resident",
        "state": "pilot",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: samnyttjande av skolgårdar genom ett nytt samarbete "
                "mellan tre verksamheter."
            ),
            "Förstudie om ansvar, försäkring, nedskräpning och drift tillsammans med SISAB.",
            (
                "Förstudierapporten föreslår en delad driftmodell. Pilot på fyra skolgårdar i "
                "Järva och söderort."
            ),
        ],
        "comments": [
            "Mina barn skulle spela fotboll där varje kväll.",
            "Vem städar efteråt?",
            "Skolan måste få tillbaka gården i gott skick på måndag morgon.",
            "Fritidsledare på plats är nyckeln.",
        ],
        "votes": 74,
        "challenge": None,
    },
    {
        "title": "Tidig gemensam signal från skola och socialtjänst vid hög frånvaro",
        "problem": (
            "När en elev har hög frånvaro dröjer det ofta månader innan skola och socialtjänst "
            "samarbetar. Då har problemen hunnit växa och eleven har svårt att komma tillbaka."
        ),
        "proposal": (
            "Inför en gemensam arbetsmodell där skolan efter ett överenskommet antal "
            "frånvarotimmar bjuder in vårdnadshavare, elevhälsa och socialtjänstens skolsocionom "
            "till ett samordnat möte inom två veckor. En gemensam rutin för samtycke och sekretess "
            "tas fram. Uppföljning sker var sjätte vecka."
        ),
        "value": (
            "Tidigare insatser minskar långvarig frånvaro och risken att unga hamnar i utanförskap."
        ),
        "value_kinds": ["social"],
        "themes": ["skola", "trygghet"],
        "unit": "Spånga-Tensta stadsdelsförvaltning",
        "visibility": "internal",
        "author": "employee",
        "state": "pilot",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt arbetssätt för samverkan över "
                "förvaltningsgränserna med stark social nytta."
            ),
            "Förstudie om sekretess, samtycke och resurser i elevhälsan och socialtjänsten.",
            (
                "Förstudien visar att modellen fungerar inom gällande sekretessregler när "
                "vårdnadshavare samtycker. Pilot på tre skolor i Spånga-Tensta under ett läsår."
            ),
        ],
        "comments": [
            "Vi har väntat på något sådant länge.",
            "Viktigt att elevhälsan får resurser för det här.",
            "Hur ser ni på samverkan med de fristående skolorna?",
        ],
        "votes": 19,
        "challenge": None,
    },
    {
        "title": "Digitala vågar som mäter tallrikssvinnet i skolrestaurangen",
        "problem": (
            "I stadens skolrestauranger slängs varje dag stora mängder mat, både från serveringen "
            "och från elevernas tallrikar. Köken vet sällan hur mycket som slängs eller vilka "
            "rätter som blir över. Matsvinnet kostar pengar och belastar klimatet."
        ),
        "proposal": (
            "Placera digitala vågar vid tallriksinlämningen som väger svinnet varje dag och visar "
            "resultatet på en skärm i matsalen. Kökspersonalen får statistik per rätt och kan "
            "justera mängder och menyer. Eleverna engageras genom utmaningar mellan klasserna."
        ),
        "value": (
            "Mindre matsvinn, lägre livsmedelskostnader och större medvetenhet bland eleverna om "
            "matens klimatpåverkan."
        ),
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat", "skola"],
        "unit": "Utbildningsförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "pilot",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: datadriven uppföljning kombinerad med elevernas "
                "delaktighet är nytt i skolrestaurangerna."
            ),
            (
                "Förstudie om utrustning, kostnader och hur statistiken ska användas i kökens "
                "planering."
            ),
            (
                "Förstudierapporten visar en återbetalningstid under två år. Pilot på åtta skolor "
                "under vårterminen."
            ),
        ],
        "comments": [
            "Eleverna på vår skola tävlar redan om lägsta svinnet.",
            "Vi i Farstas förskolekök funderar på samma sak – kan vi lära av piloten?",
            "Bra att kökspersonalen får statistik per rätt.",
        ],
        "votes": 66,
        "challenge": None,
    },
    {
        "title": "Kultur på recept för personer med lättare psykisk ohälsa",
        "problem": (
            "Många personer med lättare psykisk ohälsa, som stress och nedstämdhet, blir "
            "sjukskrivna länge och drar sig undan. Stadens kulturutbud är sällan en del av vägen "
            "tillbaka."
        ),
        "proposal": (
            "Erbjud kultur på recept i samarbete med vårdcentraler och socialtjänst: en grupp som "
            "under tio veckor besöker museer, konsthallar, bibliotek och Kulturskolans verkstäder "
            "tillsammans med en kulturpedagog. Deltagarna hänvisas av vården eller anmäler sig via "
            "socialtjänsten."
        ),
        "value": "Bättre välbefinnande, mindre isolering och ett bredare kulturdeltagande.",
        "value_kinds": ["social", "economic"],
        "themes": ["kultur", "omsorg"],
        "unit": "Kulturförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "pilot",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt samarbete mellan kultur, vård och socialtjänst "
                "som inte prövats i stadens regi."
            ),
            (
                "Förstudie tillsammans med Region Stockholm och två vårdcentraler om målgrupp, "
                "hänvisningsvägar och utvärdering."
            ),
            (
                "Förstudierapporten visar stort intresse från vårdcentralerna. Pilot med tre "
                "grupper under hösten med mätning av välbefinnande före och efter."
            ),
        ],
        "comments": [
            "Liljevalchs vill gärna vara med!",
            "Hur mäter ni effekten?",
            "Jag gick i en liknande grupp i en annan kommun och det hjälpte mig mycket.",
        ],
        "votes": 46,
        "challenge": None,
    },
    # --- implementation (införande) ---
    {
        "title": "Energidata i realtid för hyresgästerna i Stockholmshems hus",
        "problem": (
            "Hyresgästerna ser sin energi- och varmvattenförbrukning först långt i efterhand, om "
            "alls. Det är svårt att förstå hur vardagsvanor påverkar förbrukningen, och bolagets "
            "energimål nås inte med tekniska åtgärder enbart."
        ),
        "proposal": (
            "Visa varje hushålls el- och varmvattenförbrukning i realtid på Mina sidor och husets "
            "samlade förbrukning på en skärm i trapphuset. Jämför med liknande hushåll och ge "
            "konkreta tips. Kombinera med gemensamma utmaningar mellan trapphus där besparingen "
            "går till en gemensam aktivitet."
        ),
        "value": (
            "Lägre energiförbrukning och kostnader för både hyresgäster och bolag, och ett konkret "
            "sätt för hyresgästerna att bidra till stadens klimatmål."
        ),
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat", "digitalisering"],
        "unit": "AB Stockholmshem",
        "visibility": "public",
        "author": "employee",
        "state": "implementation",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: beteendeförändring med hjälp av öppen energidata är nytt "
                "i stadens allmännyttiga bestånd."
            ),
            (
                "Förstudie om mätutrustning, dataskydd och hur data kan visas utan att enskilda "
                "hushåll pekas ut."
            ),
            (
                "Förstudien visar att befintliga mätare kan användas i 70 procent av husen. Pilot "
                "i fyra hus i Västberga."
            ),
            (
                "Pilotutvärderingen: 9 procent lägre varmvattenförbrukning och positiv respons "
                "från hyresgästföreningen. Etappvis införande under två år."
            ),
        ],
        "comments": [
            "Vi i vårt trapphus har börjat tävla mot grannhuset!",
            "Hur skyddas uppgifterna om vårt hushåll?",
            "Bra, men glöm inte dem som inte använder Mina sidor.",
            "Familjebostäder borde göra likadant.",
        ],
        "votes": 58,
        "challenge": None,
    },
    {
        "title": "Smartare snöröjningsrutter med väderprognos och GPS-data",
        "problem": (
            "Snöröjningen planeras efter fasta rutter som inte tar hänsyn till var snön faktiskt "
            "faller eller var människor rör sig vid olika tider. Gångbanor och cykelbanor blir "
            "liggande länge medan vissa gator plogas i onödan."
        ),
        "proposal": (
            "Använd lokala väderprognoser, GPS-data från plogfordonen och data om gång- och "
            "cykelflöden för att räkna fram rutter inför varje snöfall. Entreprenörerna får "
            "rutterna digitalt och invånarna kan se på en karta när deras gata beräknas vara röjd."
        ),
        "value": (
            "Snabbare röjning där flest rör sig, färre onödiga körningar och färre fallolyckor "
            "bland fotgängare."
        ),
        "value_kinds": ["economic", "social", "environmental"],
        "themes": ["mobilitet", "effektivitet"],
        "unit": "Trafikkontoret",
        "visibility": "public",
        "author": "employee",
        "state": "implementation",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: datadriven planering av vinterväghållningen ersätter "
                "fasta rutter. Tydlig nytta för både trafikanter och ekonomi."
            ),
            (
                "Förstudie om datakällor och hur entreprenadavtalen kan anpassas till dynamiska "
                "rutter."
            ),
            (
                "Förstudien visar att GPS-data redan finns i alla fordon. Pilot i Bromma och "
                "Hässelby-Vällingby under en vintersäsong."
            ),
            (
                "Pilotutvärderingen: gång- och cykelbanor röjdes i snitt två timmar snabbare med "
                "12 procent kortare körsträcka. Införs i de nya entreprenadavtalen."
            ),
        ],
        "comments": [
            "Kartan över röjda gator var superbra i vintras.",
            "Prioritera gärna trottoarerna vid skolorna.",
            "Hur påverkas avtalen med entreprenörerna?",
        ],
        "votes": 76,
        "challenge": None,
    },
    {
        "title": "Sensorer på äldreboenden som larmar vid fall och oro nattetid",
        "problem": (
            "På äldreboenden går nattpersonalen fasta ronder och väcker ibland de boende i onödan, "
            "samtidigt som fall kan upptäckas för sent. Personalen har svårt att veta vem som "
            "behöver stöd just nu."
        ),
        "proposal": (
            "Installera diskreta sensorer hos boende som samtycker, som känner av om någon lämnar "
            "sängen, faller eller är orolig. Larmen går till personalens telefoner och ronderna "
            "anpassas efter behov. Sensorerna använder inte kamera."
        ),
        "value": (
            "Snabbare hjälp vid fall, bättre nattsömn för de boende och en mer hållbar "
            "arbetssituation för nattpersonalen."
        ),
        "value_kinds": ["social", "economic"],
        "themes": ["omsorg", "digitalisering"],
        "unit": "Äldreförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "implementation",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: behovsstyrd nattomsorg med sensorer är ett nytt "
                "arbetssätt i stadens äldreboenden."
            ),
            (
                "Förstudie om teknikval, samtycke och arbetsmiljö tillsammans med skyddsombud och "
                "Micasa."
            ),
            (
                "Förstudien rekommenderar radarbaserade sensorer utan kamera. Pilot på två "
                "äldreboenden i Hässelby och Enskede."
            ),
            (
                "Pilotutvärderingen: fall upptäcktes i snitt åtta minuter snabbare och färre "
                "boende väcktes i onödan. Införande på stadens egna äldreboenden under året."
            ),
        ],
        "comments": [
            "Som undersköterska på natten märker jag stor skillnad.",
            "Hur hanteras falsklarm?",
            "Bra att det inte är kameror.",
        ],
        "votes": 41,
        "challenge": None,
    },
    {
        "title": "Matchning av feriejobb utifrån intressen i stället för lottning",
        "problem": (
            "Stadens feriejobb fördelas till stor del genom lottning, vilket gör att många unga "
            "hamnar på jobb som inte matchar deras intressen. Arbetsplatserna upplever låg "
            "motivation och en del ungdomar hoppar av."
        ),
        "proposal": (
            "Låt ungdomarna fylla i en enkel profil med intressen, språkkunskaper och önskad "
            "bransch, och använd ett matchningsverktyg som föreslår platser. Lottning används bara "
            "där fler söker samma plats. Unga som aldrig haft ett jobb prioriteras."
        ),
        "value": (
            "Bättre matchning ger fler fullföljda feriejobb, mer relevanta referenser och en "
            "starkare koppling till arbetsmarknaden för unga."
        ),
        "value_kinds": ["social"],
        "themes": ["arbetsmarknad", "digitalisering"],
        "unit": "Arbetsmarknadsförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "implementation",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: en ny modell för fördelning av feriejobb med tydlig "
                "social nytta."
            ),
            (
                "Förstudie om matchningslogik, likabehandling och hur prioriteringsreglerna ska "
                "utformas."
            ),
            (
                "Förstudien visar att matchningen kan göras rättvis och transparent. Pilot med 1 "
                "500 ungdomar i Järva och söderort."
            ),
            (
                "Pilotutvärderingen: avhoppen halverades och 82 procent av ungdomarna var nöjda "
                "med sin placering. Stadsövergripande införande nästa sommar."
            ),
        ],
        "comments": [
            "Jag fick jobba på biblioteket som jag önskade!",
            "Hur säkerställer ni att det blir rättvist för dem utan kontakter?",
            "Bra att ni prioriterar dem som aldrig haft jobb.",
            "Kan privata arbetsgivare också vara med?",
        ],
        "votes": 69,
        "challenge": None,
    },
    {
        "title": "Automatiska konteringsförslag för leverantörsfakturor",
        "problem": (
            "Varje månad konteras tiotusentals leverantörsfakturor manuellt av attestanter i hela "
            "staden. Det tar tid från kärnverksamheten och felkonteringar måste rättas i "
            "efterhand."
        ),
        "proposal": (
            "Träna en modell på historiska konteringar som föreslår kontering för nya fakturor. "
            "Attestanten godkänner med ett klick eller ändrar, och modellen lär sig av "
            "ändringarna. Fakturor där modellen är osäker flaggas för manuell hantering."
        ),
        "value": "Stora tidsbesparingar för stadens attestanter och färre fel i redovisningen.",
        "value_kinds": ["economic"],
        "themes": ["effektivitet", "digitalisering"],
        "unit": "Serviceförvaltningen",
        "visibility": "internal",
        "author": "employee",
        "state": "implementation",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: maskininlärning i ekonomiprocessen är nytt för staden och "
                "berör alla förvaltningar."
            ),
            "Förstudie om datakvalitet och integration med ekonomisystemet.",
            (
                "Förstudien visar att tre av fyra fakturor kan få ett korrekt förslag. Pilot med "
                "tre förvaltningar."
            ),
            (
                "Pilotutvärderingen: hanteringstiden per faktura minskade med 60 procent utan fler "
                "fel. Införande i alla förvaltningar beslutat."
            ),
        ],
        "comments": [
            "Som attestant på förskolan ser jag fram emot det här.",
            "Hur följer vi upp att modellen inte lär sig fel?",
        ],
        "votes": 12,
        "challenge": None,
    },
    # --- implemented (införd) ---
    {
        "title": "Digital nyckelöverlämning vid inflyttning",
        "problem": (
            "Vid varje inflyttning måste hyresgästen ta ledigt för att hämta nycklar på ett "
            "kundcenter med begränsade öppettider. Nycklar kommer bort eller lämnas inte tillbaka "
            "vid avflyttning, vilket leder till dyra låsbyten. Bovärdarna lägger mycket tid på att "
            "administrera nyckelkvitton på papper."
        ),
        "proposal": (
            "Ersätt den fysiska nyckelöverlämningen med digitala lägenhetslås som aktiveras med "
            "BankID i en app på inflyttningsdagen. Den nya hyresgästen får behörighet från klockan "
            "12 och den tidigare hyresgästens behörighet upphör automatiskt vid avflyttning. Den "
            "som saknar smart telefon kan fortfarande hämta en nyckelbricka på kundcentret."
        ),
        "value": (
            "Färre låsbyten och mindre administration för bovärdarna, och en smidigare start i det "
            "nya hemmet för hyresgästen."
        ),
        "value_kinds": ["economic", "social"],
        "themes": ["digitalisering", "stadsutveckling"],
        "unit": "AB Familjebostäder",
        "visibility": "public",
        "author": "employee",
        "state": "implemented",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt sätt att organisera inflyttningen, inte bara en "
                "justering av rutinen. Problem och värde är tydligt beskrivna."
            ),
            (
                "Förstudie beviljad. Behovet bekräftas av statistiken över låsbyten och köerna "
                "till kundcentret; förstudien ska utreda säkerhet, tillgänglighet och kostnad."
            ),
            (
                "Förstudierapporten visar rimlig återbetalningstid och en godkänd "
                "informationssäkerhetsbedömning. Pilot i 120 lägenheter i Hammarbyhöjden."
            ),
            (
                "Pilotutvärderingen visar 40 procent färre låsbyten och mycket nöjda hyresgäster. "
                "Beslut om etappvis införande i hela beståndet."
            ),
            (
                "Införd i ordinarie förvaltning i alla områden med digitala lås. Erfarenheterna "
                "delas med Stockholmshem och Svenska Bostäder."
            ),
        ],
        "comments": [
            "Så skönt att slippa ta ledigt för att hämta nycklar!",
            "Hur fungerar det för den som inte har BankID?",
            "Vi på Stockholmshem tar gärna del av upphandlingsunderlaget.",
            "Smidigt när vi flyttade in i våras, allt fungerade direkt.",
        ],
        "votes": 64,
        "challenge": None,
    },
    {
        "title": "Digital nattillsyn med kamera för den som vill sova ostört",
        "problem": (
            "Många äldre med hemtjänst får nattliga tillsynsbesök där personalen låser upp dörren "
            "och tittar in. Besöken väcker och oroar, och för personalen innebär de långa "
            "körsträckor mitt i natten. Den enskilde har sällan något val i hur tillsynen går "
            "till."
        ),
        "proposal": (
            "Erbjud den som vill en digital tillsyn där personalen vid överenskomna tider tittar "
            "in via en kamera som bara är aktiv i några sekunder. Ingen bild sparas och kameran "
            "används bara med den enskildes samtycke. Om något verkar fel åker nattpatrullen ut "
            "som vanligt."
        ),
        "value": (
            "Bättre nattsömn och större integritet för den äldre, samtidigt som nattpatrullen kan "
            "lägga sin tid där den gör mest nytta."
        ),
        "value_kinds": ["social", "economic"],
        "themes": ["omsorg", "digitalisering"],
        "unit": "Södermalms stadsdelsförvaltning",
        "visibility": "public",
        "author": "employee",
        "state": "implemented",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt sätt att utföra tillsyn som förändrar både "
                "brukarens upplevelse och arbetssättet. Värdet är både socialt och ekonomiskt."
            ),
            (
                "Förstudie för att utreda samtycke, dataskydd och teknik tillsammans med stadens "
                "dataskyddsombud."
            ),
            (
                "Förstudien visar att lösningen är genomförbar med en konsekvensbedömning enligt "
                "dataskyddsförordningen. Pilot med 30 frivilliga brukare på Södermalm."
            ),
            (
                "Utvärderingen visar att deltagarna sover bättre och att nattpatrullen frigjort "
                "omkring 20 procent av sin körtid. Införande beslutat."
            ),
            (
                "Digital nattillsyn är nu ett ordinarie val i Södermalms hemtjänst. Tre andra "
                "stadsdelsförvaltningar har anmält att de vill ta efter arbetssättet."
            ),
        ],
        "comments": [
            "Min mamma sover äntligen hela nätter.",
            "Viktigt att det alltid är frivilligt.",
            "Hur har ni löst samtycket för personer med demenssjukdom?",
            "Vi i Farsta följer det här med stort intresse.",
        ],
        "votes": 88,
        "challenge": None,
    },
    {
        "title": "Möbelbank för återbruk av möbler mellan skolor",
        "problem": (
            "När skolor byggs om eller byter inriktning slängs fullt fungerande bänkar, stolar och "
            "hyllor, samtidigt som andra skolor köper nytt. Ingen har överblick över vilka möbler "
            "som finns att tillgå. Det kostar pengar och ger onödiga klimatutsläpp."
        ),
        "proposal": (
            "Skapa en gemensam digital möbelbank där skolor lägger upp möbler de inte längre "
            "behöver och andra skolor kan boka dem. Ett mindre lager och ett ramavtal för "
            "transport och renovering gör att möblerna kan flyttas och rustas upp. Möbelbanken "
            "samordnas med SISAB vid större ombyggnader."
        ),
        "value": (
            "Lägre inköpskostnader och minskade klimatutsläpp från möbelinköp, och ett konkret "
            "sätt för eleverna att se cirkulär ekonomi i praktiken."
        ),
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat", "skola"],
        "unit": "Utbildningsförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "implemented",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: en ny stadsgemensam tjänst som bryter stuprören mellan "
                "skolenheterna. Problem och värde är väl beskrivna."
            ),
            (
                "Förstudie beviljad för att kartlägga möbelflöden och kostnader för lager och "
                "transport."
            ),
            (
                "Förstudierapporten visar en stor mängd återbrukbara möbler vid planerade "
                "ombyggnader. Pilot med tolv skolor i söderort under ett läsår."
            ),
            (
                "Pilotutvärderingen: 2 100 möbler har fått nytt liv och skolorna sparade drygt två "
                "miljoner kronor. Införande i hela förvaltningen beslutat."
            ),
            (
                "Möbelbanken är införd och används av samtliga kommunala grundskolor. Förskolor i "
                "flera stadsdelar har anslutit sig."
            ),
        ],
        "comments": [
            "Fantastiskt! Vår skola fick nya bokhyllor på en vecka.",
            "Kan förskolorna också vara med?",
            "Bra att ni samarbetar med SISAB vid ombyggnader.",
            "Vore kul om eleverna fick vara med och renovera på slöjden.",
        ],
        "votes": 72,
        "challenge": None,
    },
    {
        "title": "Öppna data om lediga tider i stadens idrottshallar",
        "problem": (
            "Föreningar och privatpersoner har svårt att se vilka tider som är lediga i stadens "
            "idrottshallar. Bokningar sker via mejl och telefon, och många tider står tomma trots "
            "att efterfrågan är stor."
        ),
        "proposal": (
            "Publicera hallarnas bokningsläge som öppna data i realtid via Open Stockholm och visa "
            "lediga tider på en karta. Avbokade tider släpps automatiskt och kan bokas direkt med "
            "BankID. Externa utvecklare kan använda datat i egna tjänster."
        ),
        "value": (
            "Högre beläggning i hallarna och enklare tillgång till idrott för fler, särskilt för "
            "små föreningar och spontana grupper."
        ),
        "value_kinds": ["social", "economic"],
        "themes": ["digitalisering", "kultur"],
        "unit": "Idrottsförvaltningen",
        "visibility": "public",
        "author": "employee",
        "state": "implemented",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: öppna realtidsdata skapar ett nytt sätt att fördela "
                "stadens idrottsytor. Värdet för invånare och föreningar är tydligt."
            ),
            (
                "Förstudie om bokningssystemets gränssnitt och vilka uppgifter som kan publiceras "
                "utan personuppgifter."
            ),
            (
                "Förstudien visar att bokningsläget kan publiceras utan personuppgifter. Pilot med "
                "tio hallar i Västerort."
            ),
            (
                "Beläggningen i pilothallarna ökade med 15 procentenheter. Införande i samtliga "
                "hallar beslutat."
            ),
            (
                "Alla stadens idrottshallar visar nu lediga tider som öppna data. Datasetet "
                "används redan av två föreningsappar."
            ),
        ],
        "comments": [
            "Äntligen kan vi hitta en tid för vår innebandygrupp.",
            "Finns API-dokumentationen publicerad någonstans?",
            "Bra, men lägg gärna till simhallarnas banor också.",
        ],
        "votes": 45,
        "challenge": None,
    },
    {
        "title": "Biotoptak på skolbyggnader för dagvatten och pollinatörer",
        "problem": (
            "Skolornas platta tak leder snabbt bort regnvatten till ett redan belastat "
            "dagvattennät, och vid skyfall översvämmas skolgårdarna. Samtidigt saknas gröna "
            "miljöer för pollinerande insekter i den täta staden."
        ),
        "proposal": (
            "Anlägg biotoptak med sedum, ängsväxter och död ved när skolornas tak ändå ska läggas "
            "om. Taken fördröjer dagvatten och ger livsmiljöer för vildbin. Där det går byggs "
            "säkra utsiktsplatser så att klasser kan använda taket i undervisningen om ekosystem."
        ),
        "value": (
            "Minskad översvämningsrisk och ökad biologisk mångfald, med taket som ett levande "
            "läromedel."
        ),
        "value_kinds": ["environmental"],
        "themes": ["klimat", "skola"],
        "unit": "Skolfastigheter i Stockholm AB (SISAB)",
        "visibility": "public",
        "author": "employee",
        "state": "implemented",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: kombinationen av klimatanpassning och pedagogisk "
                "användning av taket är ny för stadens skolfastigheter."
            ),
            "Förstudie av bärighet, skötselkostnader och samverkan med Miljöförvaltningen.",
            (
                "Förstudierapporten visar att en tredjedel av de planerade takomläggningarna är "
                "lämpliga. Pilot på två skolor i Årsta och Bromma."
            ),
            (
                "Utvärderingen visar god fördröjning av dagvatten och fler vildbin. Lärarna har "
                "tagit fram lektionsmaterial. Införande beslutat."
            ),
            "Biotoptak ingår nu i SISAB:s tekniska krav vid takomläggning där bärigheten räcker.",
        ],
        "comments": [
            "Våra elever älskar att räkna bin på taket!",
            "Hur ser skötseln ut det första året?",
        ],
        "votes": 39,
        "challenge": None,
    },
    {
        "title": "Fyllnadssensorer styr tömningen av bottentömmande behållare",
        "problem": (
            "Bottentömmande behållare för avfall töms efter ett fast schema, oavsett om de är "
            "halvtomma eller överfulla. Det ger onödiga körningar med tunga fordon och "
            "nedskräpning när behållare blir fulla före tömning."
        ),
        "proposal": (
            "Montera fyllnadssensorer i behållarna och låt ett planeringsverktyg räkna fram "
            "dagliga rutter utifrån faktisk fyllnadsgrad. Chaufförerna får rutten i surfplattan "
            "och nästan fulla behållare prioriteras automatiskt."
        ),
        "value": "Färre körda kilometer, lägre utsläpp och mindre nedskräpning kring behållarna.",
        "value_kinds": ["environmental", "economic"],
        "themes": ["klimat", "effektivitet"],
        "unit": "Stockholm Vatten och Avfall AB",
        "visibility": "public",
        "author": "employee",
        "state": "implemented",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: datadriven ruttplanering ersätter fasta scheman och "
                "förändrar hela insamlingslogistiken."
            ),
            "Förstudie av sensortyper, uppkoppling och integration med ruttplaneringen.",
            (
                "Förstudien visar att sensorerna klarar vinterklimatet och kan anslutas via "
                "stadens fibernät. Pilot med 300 behållare i Hammarby sjöstad."
            ),
            (
                "Pilotutvärderingen: 28 procent färre tömningar och nästan inga överfulla "
                "behållare. Införande beslutat."
            ),
            (
                "Samtliga bottentömmande behållare har sensorer och dynamiska rutter. Lösningen "
                "har presenterats på Goda exempelmässan."
            ),
        ],
        "comments": [
            "Märks direkt – inga fler sopor runt behållaren på vår gård.",
            "Kan fyllnadsgraden bli öppna data?",
            "Bra exempel på samarbete mellan bolagen.",
        ],
        "votes": 33,
        "challenge": None,
    },
    {
        "title": "Tvåspråkig sagostund på biblioteken",
        "problem": (
            "Många barn i Stockholm växer upp med ett annat modersmål än svenska, men bibliotekens "
            "sagostunder hålls nästan bara på svenska. Föräldrar som inte talar svenska känner sig "
            "inte välkomna och barnen går miste om läsglädje på båda språken."
        ),
        "proposal": (
            "Håll sagostunder där samma bok läses på svenska och på ett annat språk, tillsammans "
            "med en förälder eller volontär som talar språket. Biblioteken köper in "
            "parallellutgåvor och bjuder in föräldrar att läsa på sitt språk. Börja med arabiska, "
            "somaliska, finska och persiska."
        ),
        "value": (
            "Stärker barnens språkutveckling på båda språken och gör biblioteket till en "
            "mötesplats för hela familjen."
        ),
        "value_kinds": ["social"],
        "themes": ["kultur", "skola"],
        "unit": "Kulturförvaltningen",
        "visibility": "public",
        "author": "resident",
        "state": "implemented",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt sätt att göra föräldrar till medskapare i "
                "bibliotekets verksamhet. Stark social nytta."
            ),
            (
                "Förstudie tillsammans med Stadsbiblioteket för att kartlägga språkbehov och "
                "tillgång till parallellutgåvor."
            ),
            (
                "Förstudien visar stort intresse bland föräldrar och förskolor. Pilot på Kista, "
                "Tensta och Skärholmens bibliotek."
            ),
            (
                "Pilotutvärderingen: sagostunderna är fullsatta och 60 procent av besökarna var "
                "nya. Införande på samtliga stadsdelsbibliotek."
            ),
            "Tvåspråkig sagostund ingår nu i bibliotekens ordinarie program på elva språk.",
        ],
        "comments": [
            "Min dotter frågar varje vecka om det är sagostund på somaliska!",
            "Kan ni lägga till tigrinja?",
            "Jag läser gärna på finska om ni behöver volontärer.",
            "Det här är biblioteket när det är som bäst.",
            "Bra att det nu finns i hela staden och inte bara i Järva.",
        ],
        "votes": 97,
        "challenge": None,
    },
    {
        "title": "AI-chattbot som svarar på vanliga bygglovsfrågor",
        "problem": (
            "Bygglovsenheten får tusentals samtal om samma frågor, till exempel om det krävs "
            "bygglov för en altan eller ett attefallshus. Handläggarna lägger tid på telefonen i "
            "stället för på ärendena, och invånarna får vänta länge på svar."
        ),
        "proposal": (
            "Inför en AI-baserad chattbot på stockholm.se som svarar på vanliga frågor med "
            "hänvisning till plan- och bygglagen och gällande detaljplan för adressen. Chattboten "
            "säger tydligt när frågan kräver en handläggare och kopplar då vidare. Svaren granskas "
            "löpande av handläggare."
        ),
        "value": (
            "Snabbare svar dygnet runt för invånarna och mer tid för handläggning, vilket kortar "
            "handläggningstiderna."
        ),
        "value_kinds": ["economic", "social"],
        "themes": ["digitalisering", "effektivitet"],
        "unit": "Stadsbyggnadskontoret",
        "visibility": "public",
        "author": "employee",
        "state": "implemented",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: AI-stöd i kontakten med invånare är nytt för staden och "
                "kräver ett nytt arbetssätt för granskning av svar."
            ),
            (
                "Förstudie om rättssäkerhet, träningsdata och vilka frågor som lämpar sig för "
                "automatiska svar."
            ),
            (
                "Förstudien avgränsar chattboten till vägledning utan myndighetsbeslut. Pilot för "
                "frågor om altaner, staket och attefallsåtgärder."
            ),
            (
                "Pilotutvärderingen: 35 procent färre telefonsamtal i pilotens frågekategorier och "
                "hög träffsäkerhet enligt handläggarnas granskning. Införande beslutat."
            ),
            "Chattboten är införd på stockholm.se och täcker nu de tjugo vanligaste frågetyperna.",
        ],
        "comments": [
            "Fick svar klockan elva på kvällen, toppen.",
            "Viktigt att det framgår att svaret inte är ett beslut.",
            "Kan Miljöförvaltningen återanvända lösningen för frågor om värmepumpar?",
        ],
        "votes": 51,
        "challenge": None,
    },
    # --- parked (parkerad) ---
    {
        "title": "Drönare för inspektion av broar och kajer",
        "problem": (
            "Inspektioner av broar och kajer kräver ofta skylift, avstängda körfält eller båt, "
            "vilket är dyrt och stör trafiken. Skador på undersidan av brobanorna upptäcks sent."
        ),
        "proposal": (
            "Använd drönare med högupplösta kameror för att inspektera svåråtkomliga delar av "
            "broar och kajer, och låt en bildanalys jämföra skadorna över tid. Inspektörerna "
            "granskar bilderna och beslutar om åtgärder som i dag."
        ),
        "value": (
            "Billigare och säkrare inspektioner med mindre trafikstörningar och tidigare upptäckt "
            "av skador."
        ),
        "value_kinds": ["economic", "social"],
        "themes": ["effektivitet", "digitalisering"],
        "unit": "Trafikkontoret",
        "visibility": "internal",
        "author": "employee",
        "state": "parked",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt inspektionssätt som kan förändra underhållet av "
                "stadens konstbyggnader."
            ),
            (
                "Parkerad: bildanalysen ingår i Trafikkontorets pågående upphandling av ett nytt "
                "system för förvaltning av konstbyggnader. Idén återupptas när upphandlingen är "
                "klar."
            ),
        ],
        "comments": [
            "Vi har provat drönare vid en broinspektion med bra resultat.",
        ],
        "votes": 8,
        "challenge": None,
    },
    {
        "title": "Digitala anslagstavlor i trapphusen med information på flera språk",
        "problem": (
            "Information om vattenavstängningar, renoveringar och städdagar sätts upp på papper i "
            "trapphusen, och bara på svenska. Lapparna rivs ner eller läses inte, och många "
            "hyresgäster missar viktig information."
        ),
        "proposal": (
            "Ersätt pappersanslagen med digitala skärmar som visar informationen på flera språk "
            "och med bilder. Innehållet styrs centralt per hus och kan kompletteras med "
            "påminnelser via sms."
        ),
        "value": "Bättre informerade hyresgäster, färre missade besök och mindre papper.",
        "value_kinds": ["social", "economic"],
        "themes": ["digitalisering", "stadsutveckling"],
        "unit": "AB Familjebostäder",
        "visibility": "internal",
        "author": "employee",
        "state": "parked",
        "classification": "innovation",
        "motivations": [
            "Klassad som innovation: en ny informationskanal med flerspråkighet som standard.",
            "Förstudie om skärmar, elförsörjning och hur innehållet ska styras.",
            (
                "Parkerad: bolaget byter fastighetssystem nästa år och skärmarna behöver "
                "integreras med det nya systemet. Förstudien är klar och idén återupptas efter "
                "systembytet."
            ),
        ],
        "comments": [
            "Se till att lösningen fungerar för personer med synnedsättning.",
            "Stockholmshem testar något liknande, prata med dem.",
        ],
        "votes": 12,
        "challenge": None,
    },
    {
        "title": "Självkörande eldriven minibuss i Norra Djurgårdsstaden",
        "problem": (
            "De nya delarna av Norra Djurgårdsstaden har långt till tunnelbanan och busslinjerna "
            "går inte ända fram. Många boende, särskilt äldre och barnfamiljer, har därför svårt "
            "att nå kollektivtrafiken utan bil."
        ),
        "proposal": (
            "Pröva en självkörande eldriven minibuss som matarlinje mellan bostadskvarteren och "
            "tunnelbanan, i samarbete med Region Stockholm, KTH och en leverantör. Under "
            "testperioden finns en värd ombord."
        ),
        "value": (
            "Bättre tillgänglighet utan bil och kunskap om hur självkörande fordon kan bli en del "
            "av stadens mobilitet."
        ),
        "value_kinds": ["environmental", "social"],
        "themes": ["mobilitet", "klimat"],
        "unit": "Exploateringskontoret",
        "visibility": "public",
        "author": "employee",
        "state": "parked",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: test av självkörande kollektivtrafik i en ny stadsdel, i "
                "linje med Norra Djurgårdsstadens roll som innovationsarena."
            ),
            (
                "Förstudie tillsammans med Region Stockholm, KTH och Trafikkontoret om sträckning, "
                "tillstånd och säkerhet."
            ),
            (
                "Förstudierapporten visar att sträckan är lämplig och att tillstånd kan ges. Pilot "
                "under ett år med värd ombord."
            ),
            (
                "Parkerad: leverantören har lämnat marknaden och fordonet kan inte längre få "
                "service. Pilotens resultat dokumenteras och idén återupptas när en ny leverantör "
                "har upphandlats."
            ),
        ],
        "comments": [
            "Vi åkte den varje dag till Ropsten, synd att den försvann.",
            "Hoppas den kommer tillbaka!",
            "Lärdomarna borde delas med andra städer.",
        ],
        "votes": 47,
        "challenge": None,
    },
    # --- declined (avslutad) ---
    {
        "title": "Fler papperskorgar vid badplatsen i Hässelby strand",
        "problem": (
            "På sommaren blir papperskorgarna vid badplatsen fulla redan på eftermiddagen och "
            "skräp blåser ut i vattnet. Det är otrevligt för badgästerna och skadar miljön."
        ),
        "proposal": (
            "Sätt upp fler och större papperskorgar vid badplatsen. Töm dem oftare under "
            "högsommaren, särskilt efter varma helger."
        ),
        "value": "En renare badplats och mindre skräp i Mälaren.",
        "value_kinds": ["environmental"],
        "themes": ["klimat"],
        "unit": "Hässelby-Vällingby stadsdelsförvaltning",
        "visibility": "public",
        "author": "resident",
        "state": "declined",
        "classification": "improvement",
        "motivations": [
            (
                "Avslutad som förbättringsförslag: ett bra och angeläget förslag, men inte "
                "väsentligt nytt. Det har lämnats till stadsdelsförvaltningens parkenhet inom det "
                "ordinarie arbetet med ständiga förbättringar, och fler papperskorgar ställs ut "
                "inför sommaren."
            ),
        ],
        "comments": [
            "Håller med, det var riktigt skräpigt i somras.",
            "Skönt att det ordnas ändå!",
        ],
        "votes": 14,
        "challenge": None,
    },
    {
        "title": "Digital semesteransökan i stället för pappersblankett",
        "problem": (
            "På vår enhet ansöker vi fortfarande om semester på en pappersblankett som chefen "
            "signerar och skickar vidare. Blanketter kommer bort och det är svårt att få överblick "
            "över semesterplaneringen."
        ),
        "proposal": (
            "Låt medarbetarna ansöka om semester digitalt så att chefen kan godkänna direkt och "
            "semesterplaneringen blir synlig för alla. Pappersblanketten tas bort."
        ),
        "value": "Mindre administration och bättre överblick för chefer och medarbetare.",
        "value_kinds": ["economic"],
        "themes": ["effektivitet"],
        "unit": "Norrmalms stadsdelsförvaltning",
        "visibility": "internal",
        "author": "employee",
        "state": "declined",
        "classification": "improvement",
        "motivations": [
            (
                "Avslutad som förbättringsförslag: funktionen finns redan i stadens personalsystem "
                "men används inte på enheten. Förslaget hanteras inom enhetens ordinarie arbete "
                "med ständiga förbättringar, och HR hjälper enheten att komma igång."
            ),
        ],
        "comments": [
            "Visste inte att det fanns i systemet!",
            "Samma sak på vår enhet.",
        ],
        "votes": 6,
        "challenge": None,
    },
    {
        "title": "Blockkedja för spårbarhet i stadens inköp",
        "problem": (
            "Det är svårt att följa hur varor som staden köper har producerats och om "
            "leverantörerna följer avtalens villkor om hållbarhet. Uppföljningen bygger i dag på "
            "leverantörernas egna intyg och enstaka stickprov."
        ),
        "proposal": (
            "Bygg en blockkedjebaserad lösning där leverantörerna registrerar ursprung och "
            "hållbarhetsintyg för varje leverans. Staden och granskare kan då spåra varorna hela "
            "vägen från tillverkare till verksamhet."
        ),
        "value": "Ökad insyn i leverantörskedjorna och bättre uppföljning av hållbarhetskraven.",
        "value_kinds": ["economic"],
        "themes": ["digitalisering", "effektivitet"],
        "unit": "Stadsledningskontoret",
        "visibility": "internal",
        "author": "employee",
        "state": "declined",
        "classification": "innovation",
        "motivations": [
            "Klassad som innovation: ny teknik för uppföljning av hållbarhetskrav i upphandlingar.",
            (
                "Avslutad: den fördjupade bedömningen visar att behovet kan mötas med befintliga "
                "verktyg för avtalsuppföljning och branschgemensamma certifieringar, och att få "
                "leverantörer kan ansluta sig. Kunskapen tas med i arbetet med stadens "
                "upphandlingspolicy."
            ),
        ],
        "comments": [
            "Spännande teknik, men behovet är nog mest organisatoriskt.",
        ],
        "votes": 4,
        "challenge": None,
    },
    {
        "title": "Uppvärmda cykelbanor i innerstaden",
        "problem": (
            "På vintern blir cykelbanorna isiga och många slutar cykla mellan november och mars. "
            "Halkolyckor bland cyklister ger många skador varje vinter."
        ),
        "proposal": (
            "Lägg värmeslingor i cykelbanorna på de mest trafikerade stråken i innerstaden, så att "
            "de hålls fria från snö och is hela vintern. Börja med ett testavsnitt på en av de "
            "mest trafikerade cykelbanorna."
        ),
        "value": "Fler som cyklar året runt och färre halkolyckor.",
        "value_kinds": ["social"],
        "themes": ["mobilitet", "klimat"],
        "unit": "Trafikkontoret",
        "visibility": "public",
        "author": "resident",
        "state": "declined",
        "classification": "innovation",
        "motivations": [
            (
                "Klassad som innovation: ett nytt sätt att hålla cykelstråken framkomliga "
                "vintertid, med tydlig nytta för cyklister."
            ),
            "Förstudie om kostnader, energibehov och erfarenheter från andra städer.",
            (
                "Avslutad: förstudien visar att energibehovet och anläggningskostnaden är orimligt "
                "höga i förhållande till nyttan, utom där spillvärme finns att tillgå. Behovet tas "
                "i stället om hand i arbetet med sopsaltning av prioriterade cykelstråk."
            ),
        ],
        "comments": [
            "Synd, men jag förstår kostnadsargumentet.",
            "Sopsaltningen på Norr Mälarstrand fungerar ju jättebra.",
            "Undersök om spillvärme från tunnelbanan kan användas!",
        ],
        "votes": 52,
        "challenge": None,
    },
    # --- withdrawn (återtagen) ---
    {
        "title": "Läckagesensorer i lägenheter som varnar för vattenskador",
        "problem": (
            "Vattenskador från läckande diskmaskiner och rör upptäcks ofta först när grannen under "
            "får fukt i taket. Skadorna är dyra att åtgärda och ibland måste hyresgäster "
            "evakueras."
        ),
        "proposal": (
            "Installera trådlösa läckagesensorer under diskbänkar och i badrum som larmar bolagets "
            "jour vid läckage. Hyresgästen får samtidigt ett sms så att vattnet kan stängas av "
            "direkt."
        ),
        "value": "Färre och mindre vattenskador och lägre reparationskostnader.",
        "value_kinds": ["economic", "environmental"],
        "themes": ["stadsutveckling", "klimat"],
        "unit": "AB Svenska Bostäder",
        "visibility": "internal",
        "author": "employee",
        "state": "withdrawn",
        "classification": None,
        "motivations": [],
        "comments": [
            "Ingår inte det här redan i stambytesprojekten?",
            (
                "Jo, det stämmer – jag drar tillbaka idén eftersom sensorerna redan upphandlas "
                "inom stambytena."
            ),
        ],
        "votes": 3,
        "challenge": None,
    },
]

CHALLENGES = [
    {
        "key": "cykel",
        "title": "Cykla året runt – tryggt och enkelt i hela staden",
        "description": (
            "Trafikkontoret söker idéer som gör det enklare, tryggare och roligare att välja "
            "cykeln, även i ytterstaden och under vinterhalvåret. Många stockholmare vill cykla "
            "men hindras av stölder vid stationerna, halka, otrygga passager eller av att de "
            "aldrig fått lära sig cykla. Vi välkomnar förslag från både medarbetare och invånare – "
            "ny teknik, nya tjänster eller nya sätt att samarbeta. De idéer som bär får stöd av en "
            "innovationscoach och kan gå vidare till förstudie eller pilot."
        ),
        "unit": "Trafikkontoret",
        "opens_days_ago": 60,
        "closes_in_days": 30,
    },
    {
        "key": "ensamhet",
        "title": "Bryt ensamheten bland äldre",
        "description": (
            "Ofrivillig ensamhet påverkar äldres hälsa och livskvalitet, och många äldre "
            "stockholmare saknar någon att prata med flera dagar i veckan. Äldreförvaltningen "
            "söker idéer som skapar nya möten mellan människor – mellan generationer, grannar, "
            "föreningar och stadens verksamheter. Lösningen kan vara digital eller analog, liten "
            "eller stor, men ska utgå från de äldres egna behov och önskemål. Idéer från äldre "
            "själva, anhöriga och medarbetare i hemtjänst, på äldreboenden och på träffpunkter är "
            "särskilt välkomna."
        ),
        "unit": "Äldreförvaltningen",
        "opens_days_ago": 45,
        "closes_in_days": 45,
    },
]

IP_PRINCIPLES = {
    "title": "Principer för hantering av immateriella rättigheter",
    "summary": (
        "Det du tar fram i tjänsten får staden använda och sprida fritt till alla förvaltningar "
        "och bolag, och du nämns som idégivare. Lämnar du en idé som invånare ger du staden rätt "
        "att publicera, använda och vidareutveckla den utan ersättning. Använd inte andras "
        "material utan tillstånd, och beskriv inte en uppfinning du vill patentera i en publik idé "
        "– fråga din innovationscoach först."
    ),
    "body": """\
Stockholms stad vill att medarbetarnas och invånarnas kunskap och idéer ska tas till vara. För
att det ska vara tryggt att dela en idé behöver det vara klart från början vem som äger vad och
vad staden får göra med resultatet. Därför gäller att principer för hantering av immateriella
rättigheter ska vara tydliga och transparenta. Principerna gäller idéer i Idéslussen och projekt
som får stöd från Innovationsfonden.

## 1. Vad principerna omfattar

Med immateriella rättigheter menas här framför allt upphovsrätt (till exempel texter, bilder,
programkod och design), rätt till uppfinningar och patent, mönster, varumärken och kunnande
(know-how). Med resultat menas allt som tas fram i arbetet med en idé: idébeskrivningar,
förstudierapporter, prototyper, programvara, metoder, data och utvärderingar.

## 2. Resultat som tas fram i tjänsten

- Det som en medarbetare tar fram inom sin anställning, på arbetstid eller med stadens resurser,
  tillhör den nämnd eller det bolag där medarbetaren är anställd, i den utsträckning som lag och
  avtal medger.
- Datorprogram som skapas som ett led i arbetsuppgifterna eller efter arbetsgivarens
  instruktioner tillfaller arbetsgivaren enligt upphovsrättslagen, om inget annat har avtalats.
- Uppfinningar hanteras enligt lagen (1949:345) om rätten till arbetstagares uppfinningar. Tror
  du att din idé är en uppfinning ska du anmäla det till din innovationscoach innan idén görs
  publik. Om arbetsgivaren tar över rätten till en uppfinning har du rätt till skälig ersättning
  enligt lagen.
- Den eller de som tagit fram en idé ska alltid nämnas som idégivare när resultatet sprids, om
  de inte själva avböjer.

## 3. Stadens rätt att använda och sprida

- Staden har rätt att fritt använda, bearbeta och vidareutveckla resultat som tagits fram i
  tjänsten eller med stöd från Innovationsfonden.
- Resultat får spridas fritt och utan ersättning till alla stadens förvaltningar,
  stadsdelsförvaltningar och bolag. Syftet med Idéslussen är att dela utmaningar och ta tillvara
  och sprida innovativa lösningar – ingen enhet ska kunna hindra en annan från att ta efter en
  införd lösning.
- Utgångspunkten är öppenhet. Publika idéer publiceras som öppna data, och programkod och
  metoder bör delas öppet när det är lämpligt, om inte sekretess, säkerhet, andras rättigheter
  eller en planerad kommersialisering talar emot det.

## 4. Idéer från invånare

- Du som invånare behåller upphovsrätten till den text och de bilder du själv har skapat. En idé
  i sig skyddas normalt inte av upphovsrätten.
- När du lämnar en idé ger du staden en kostnadsfri rätt, som inte är exklusiv, att publicera,
  använda och vidareutveckla idén. Staden betalar ingen ersättning för idéer som lämnas i
  Idéslussen.
- Publika idéer kan läsas av alla. En uppfinning som har gjorts offentlig kan i regel inte
  längre patenteras. Vill du söka patent ska du därför inte beskriva uppfinningen i en publik
  idé, utan först kontakta en innovationscoach.
- Tänk på att det du skickar in till staden kan bli en allmän handling.

## 5. Kommersialisering

- Utgångspunkten är att resultat används i stadens egen verksamhet och sprids fritt inom staden.
- Om ett resultat har värde även utanför staden kan det bli aktuellt att licensiera eller
  överlåta rättigheter, eller att utveckla det vidare tillsammans med företag, lärosäten eller
  andra innovationsaktörer. Beslut fattas av den nämnd eller det bolag som äger resultatet,
  efter samråd med Stadsledningskontoret och med hänsyn till kommunallagens befogenheter,
  statsstödsregler och upphandlingsregler.
- Innan en kommersialisering inleds ska villkoren, också en eventuell fördelning av intäkter,
  regleras i ett skriftligt avtal. Staden behåller alltid en kostnadsfri rätt att använda
  resultatet i sin egen verksamhet.

## 6. Tredje parts rättigheter

- Använd inte andras texter, bilder, programkod eller data utan tillstånd eller licens, och ange
  källor. Följ licensvillkoren när du använder öppen källkod eller öppna data.
- Innan ett samarbete med externa parter startar – till exempel företag, lärosäten, testbäddar
  eller en innovationsupphandling – ska ett skriftligt avtal reglera vad varje part tar med sig
  (bakgrundsrättigheter) och vem som äger det som tas fram i projektet. Staden ska minst ha rätt
  att använda och sprida resultaten inom hela staden.
- En ansökan till Innovationsfonden innehåller en deklaration om immateriella rättigheter där du
  anger om andras rättigheter berörs.

## 7. Frågor och oenighet

- Har du frågor om rättigheter i din idé vänder du dig till din innovationscoach, som vid behov
  tar hjälp av jurister på Stadsledningskontoret eller i bolaget.
- Överenskommelser om rättigheter dokumenteras i idéns historik i Idéslussen.
- Kan frågan inte lösas i dialog avgörs den av den nämnd eller det bolag som äger resultatet,
  med stöd av Stadsledningskontoret.
- Principerna ses över årligen av innovationsdirektören. En ny version publiceras här och
  behöver bekräftas nästa gång du lämnar en idé eller en ansökan.
""",
    "version": "1.0",
}

START_PAGE = {
    "lead": (
        "Idéslussen är Stockholms stads gemensamma väg in för idéer som kan göra staden bättre – "
        "från medarbetare och från stockholmare. Här tar vi tillvara goda idéer och hjälper dem "
        "hela vägen från idé till införd innovation."
    ),
    "paragraphs": [
        (
            "Stadens innovationsstrategi konstaterar att det finns ”för många stuprör och öar av "
            "aktiviteter i staden” och att det behövs mer samverkan. Idéslussen bygger vidare på "
            "arbetet med att etablera en idésluss i staden ”för att genom den dela utmaningar och "
            "ta tillvara och sprida innovativa lösningar i staden”. Alla publika idéer syns över "
            "förvaltnings- och bolagsgränserna, så att en lösning från en stadsdel kan bli vardag "
            "i en annan."
        ),
        (
            "Vi vill ”sänka trösklarna för att gå från idé till förstudie eller pilotprojekt”. Att "
            "lämna en idé tar några minuter. Stadens innovationscoacher läser varje idé, ger "
            "återkoppling och hjälper de idéer som bär vidare till förstudie, pilot och införande. "
            "Varje beslut redovisas öppet med en motivering."
        ),
        (
            "En innovation är något som är ”väsentligt nytt och värdeskapande” och som medför "
            "”någon form av språng”. Värdet kan vara ekonomiskt, socialt eller miljömässigt. "
            "Förslag om mindre justeringar är lika välkomna – de lämnas vidare till verksamhetens "
            "arbete med ständiga förbättringar."
        ),
        (
            "Som medarbetare kan du lämna idéer internt eller publikt, vara med i idéteam och söka "
            "stöd ur Innovationsfonden. Som stockholmare kan du lämna egna idéer, rösta, "
            "kommentera och svara på stadens utmaningar. Tillsammans bygger vi den öppna och "
            "tillåtande kultur som innovation kräver."
        ),
    ],
}

STAGES = [
    {
        "state": "idea",
        "label": "idé",
        "description": (
            "En innovationscoach har bedömt idén som en innovation och hjälper idégivaren att "
            "beskriva problemet, vem det berör och vilket värde lösningen kan ge. För att gå "
            "vidare till förstudie ska problem och värde vara beskrivna och en verksamhet vara "
            "beredd att äga frågan."
        ),
    },
    {
        "state": "prestudy",
        "label": "förstudie",
        "description": (
            "I förstudien undersöks behov, möjliga lösningar, kostnader och risker, liksom "
            "juridiska förutsättningar som informationssäkerhet och dataskydd. Förstudien avslutas "
            "med en förstudierapport, som ska vara bifogad innan idén kan gå vidare till pilot."
        ),
    },
    {
        "state": "pilot",
        "label": "pilot",
        "description": (
            "Lösningen prövas i liten skala i verklig verksamhet, med tydliga mål och mätningar "
            "före och efter. För att gå vidare till införande krävs en pilotutvärdering som visar "
            "vilket värde lösningen har gett och vad som behöver justeras."
        ),
    },
    {
        "state": "implementation",
        "label": "införande",
        "description": (
            "Lösningen förs in i ordinarie verksamhet med budget, ansvar och en plan för "
            "förvaltning. Innan idén räknas som införd ska lösningen vara i drift, ha en utsedd "
            "förvaltningsägare och en plan för uppföljning."
        ),
    },
    {
        "state": "implemented",
        "label": "införd",
        "description": (
            "Innovationen är en del av vardagen och visas bland Goda exempel. Andra förvaltningar, "
            "stadsdelsförvaltningar och bolag kan registrera att de tagit efter lösningen, och "
            "spridningen räknas in i innovationsbokslutet."
        ),
    },
]
