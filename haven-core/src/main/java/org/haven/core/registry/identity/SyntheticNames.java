package org.haven.core.registry.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Name lists for {@link SyntheticPopulation}, most frequent first, drawn with Zipf frequencies.
 * Each entry lists a name's spellings separated by "/", the usual one first; an underscore stands
 * for a space inside a name ("Abdul_Rahman"), and a leading "~" marks a spelling in Somali
 * orthography (x for ħ, c for ʿayn: Xasan, Cabdi), which the population uses only for its own,
 * separately reported category. The lists were written for this test from common Kenyan, Somali,
 * Swahili, Sudanese Arabic and Ugandan names; they are not census data. The variants are the ones
 * registrars meet (transliteration choices, Swahili final vowels, doubled letters, Kikuyu tildes),
 * including some that no phonetic code joins (Osman/Othman, Maryan/Maryam).
 */
final class SyntheticNames {
  /**
   * A list of names: the written ones with Zipf weights 1/rank^exponent, and a tail of rare names
   * that real registries also hold, made up from the list's own syllables (Wagichu, Nyaguthii).
   * Without a tail, a short list would make every name far more common than it is.
   */
  static final class NameList {
    private static final int TAIL_SIZE = 3_000;
    private static final Pattern SYLLABLE = Pattern.compile("[^aeiou]*[aeiou]+");

    private final List<List<String>> names;
    private final double[] cumulative;
    private final double tailShare;
    private final List<String> tail;

    NameList(double exponent, double tailShare, String entries) {
      this.names =
          Arrays.stream(entries.trim().split("\\s+"))
              .map(entry -> Arrays.stream(entry.split("/")).map(n -> n.replace('_', ' ')).toList())
              .toList();
      this.cumulative = new double[names.size()];
      double total = 0;
      for (int rank = 0; rank < names.size(); rank++) {
        total += 1 / Math.pow(rank + 1, exponent);
        cumulative[rank] = total;
      }
      for (int rank = 0; rank < names.size(); rank++) {
        cumulative[rank] /= total;
      }
      this.tailShare = tailShare;
      this.tail = tail(names, new SplittableRandom(entries.hashCode()));
    }

    private static List<String> tail(List<List<String>> names, RandomGenerator random) {
      Set<String> usual = new HashSet<>();
      List<String> syllables = new ArrayList<>();
      for (List<String> spellings : names) {
        String name = spellings.get(0).toLowerCase(Locale.ROOT).replace(" ", "");
        usual.add(name);
        Matcher matcher = SYLLABLE.matcher(name);
        while (matcher.find()) {
          syllables.add(matcher.group());
        }
      }
      Set<String> tail = new LinkedHashSet<>();
      while (tail.size() < TAIL_SIZE) {
        StringBuilder name = new StringBuilder();
        for (int i = 2 + random.nextInt(2); i > 0; i--) {
          name.append(syllables.get(random.nextInt(syllables.size())));
        }
        if (!usual.contains(name.toString())) {
          tail.add(Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }
      }
      return List.copyOf(tail);
    }

    /** Every written entry: the spellings of one name, the usual one first. */
    List<List<String>> entries() {
      return names;
    }

    /** The spellings of a name drawn by frequency; the usual spelling first. */
    List<String> draw(RandomGenerator random) {
      if (random.nextDouble() < tailShare) {
        return List.of(tail.get(random.nextInt(tail.size())));
      }
      int rank = Arrays.binarySearch(cumulative, random.nextDouble());
      return names.get(Math.min(rank < 0 ? -rank - 1 : rank, names.size() - 1));
    }
  }

  static final NameList SOMALI_MALE =
      new NameList(
          1.0,
          0.10,
          """
          Mohamed/Mohammed/Muhammad/Mahamed/~Maxamed Abdi/Abdy/~Cabdi Ahmed/Ahmad/~Axmed Ali/Aly/~Cali
          Hassan/Hasan/Hassen/~Xasan
          Omar/Omer/Umar/~Cumar Abdullahi/Abdulahi/Abdillahi/Abdullah/~Cabdullaahi Ibrahim/Ibraahim/Ebrahim
          Yusuf/Yussuf/Yousuf Abdirahman/Abdulrahman/Abdul_Rahman/Abdurahman/~Cabdiraxmaan
          Hussein/Husein/Hussain/~Xuseen
          Ismail/Ismael/~Ismaaciil Osman/Othman/Usman/~Cismaan Farah/Faarah Abdikadir/Abdulkadir/Abdiqadir
          Mohamud/Mahmoud/Mahmud Said/Saed/Saeed Aden/Adan/Aadan Jama/Jaama Nur/Noor/Nuur
          Warsame/Warsama Guled/Guuled Salah/~Salax Abdirashid/Abdurashid/Abdulrashid
          Abdiaziz/Abdulaziz/Abdelaziz Bashir/Basheer/Bashiir Khalid/Khaled/Halid Dahir/Daahir
          Hirsi/~Xirsi Yasin/Yassin/Yaasiin Idris/Idriss/Idiris Musa/Moussa/~Muuse Sharif/Shariif
          Abdiwahab/Abdulwahab Abdinasir/Abdinassir/Abdulnasir Abdisalam/Abdusalam/Abdisalaam
          Hamza/Hamsa Ayanle Liban/Libaan Mahad/Mahaad Abdikarim/Abdulkarim/Abdikariim Shire/Shiire
          Elmi/~Cilmi Egal/Egaal Geedi/Gedi Barre/Bare Samatar/Samater Awil/~Cawil Mukhtar/Muktar
          Sahal/Saahal Hashi/~Xaashi Kassim/Qasim/Kasim Adam/Aadam Abdulle/Abdule
          """);

  static final NameList SOMALI_FEMALE =
      new NameList(
          1.0,
          0.20,
          """
          Amina/Aamina/Amino Fadumo/Faadumo/Fatuma/Fatima Asha/Aisha/Ayesha/~Caasha Halima/Halimo/Haliimo/~Xaliimo
          Hawa/Hawo/~Xawo Maryan/Mariam/Maryam Sahra/Sahro/Zahra Hodan/Hodaan Ayan/Ayaan
          Khadija/Hadija/Khadiija Ifrah/Ifra Nasra/Nasro Sagal/Saagal Hamdi/~Xamdi Ubah/~Ubax
          Deeqa/Deka/Deqa Fartun/Fartuun Hibo/Hiba Muna/Muuna Zamzam/Zam_Zam Naima/Naeema
          Ilhan/Ilhaan Layla/Leyla/Laila Shukri/Shukriya Suad/Suaad Ruqia/Rukia/Ruqiya
          Hafsa/~Xafsa Safiya/Safia Anab/~Canab Sadia/Sadiya/~Sacdiya Istahil/Istaahil Amran/Amraan
          Samira/Sameera Hani/Haani Kaltun/Kaltuun Nafisa/Nafiso Ikran/Ikraan Mulki/Mulky
          """);

  static final NameList SWAHILI_MALE =
      new NameList(
          1.0,
          0.15,
          """
          Mohamed/Mohammed/Muhamed Ali/Alli Hassan/Hasani/Hasan Juma/Jumaa/Djuma Omari/Omar/Umari
          Salim/Salimu/Saleem Hamisi/Hamis/Khamis Rashidi/Rashid/Rasheed Athumani/Athuman/Othman
          Bakari/Bakary Ramadhani/Ramadhan/Ramadan Said/Saidi/Saeed Abdallah/Abdalla/Abdulla
          Hussein/Huseni/Husein Idd/Iddi/Eid Seif/Saif/Sefu Issa/Isa/Eissa Musa/Mussa/Moussa
          Shaban/Shabani/Shaaban Yusuf/Yusufu/Yusuph Faraji/Faraj Mwinyi Hamadi/Hamad
          Kassim/Kassimu/Qassim Suleiman/Sulemani/Sulaiman Ibrahim/Ibrahimu/Ebrahim Baraka/Barakah
          Jabiri/Jabir Mbaraka/Mubarak Rajabu/Rajab Haji/Hajji Abdul/Abdulu Zuberi/Zubeir
          Mussa/Musa Amani/Amaani Hemedi/Hamed Makame/Makami Selemani/Seleman Nassoro/Nasoro/Nasser
          """);

  static final NameList SWAHILI_FEMALE =
      new NameList(
          1.0,
          0.20,
          """
          Fatuma/Fatma/Fatima/Fatumah Mwanaisha/Mwanaasha/Mwanaesha Zainabu/Zainab/Zeinab
          Amina/Aminah/Amiina Halima/Halimah/Haleema Mariamu/Mariam/Maryam Rehema/Rehemah Asha/Aisha
          Saida/Sayida/Saidah Zuhura/Zuhra/Zuhurah Mwajuma/Mwajuuma Hadija/Khadija/Hadijah
          Salma/Salmah Aisha/Aysha/Ayesha Mwanahawa/Mwanahawaa Tatu/Tatuu Rukia/Rukiya/Ruqayya
          Mwanamisi/Mwanamis Sharifa/Sharifah/Shareefa Riziki/Rizik Neema/Nema Husna/Husnah
          Zawadi/Zawady Nasra/Nasrah Saumu/Saum Subira/Subirah Rahma/Rahmah Hawa/Hawaa Aziza/Azizah
          Mwanaidi/Mwanaid Arafa/Arafah Mishi/Mishy Kheri/Heri Msafiri/Msafri
          """);

  static final NameList ARABIC_MALE =
      new NameList(
          1.0,
          0.10,
          """
          Mohammed/Mohamed/Muhammad/Mohamad/Mohammad Ahmed/Ahmad Omar/Omer/Umar Osman/Othman/Usman
          Abdalla/Abdallah/Abdullah Ali/Aly Ibrahim/Ebrahim/Ibraheem Hassan/Hasan Hussein/Hussain/Husain
          Yousif/Yousef/Yusuf/Youssef Khalid/Khaled Adam/Adem Musa/Moussa/Mousa Ismail/Ismael/Esmail
          Abdelrahman/Abdulrahman/Abdel_Rahman/Abdurrahman Mustafa/Mustapha/Mostafa Salah/Salaah
          Hamid/Hamed/Hameed Babiker/Babikir/Babakir Elfatih/El_Fatih/Alfatih Tarig/Tariq/Tarek
          Awad/Awadh Yasir/Yasser/Yaser Hisham/Hesham Mutasim/Mutassim/Moatasem Abubakr/Abubakar/Abu_Bakr
          Idris/Idriss/Edris Suleiman/Sulaiman/Sleiman Jamal/Gamal Hamza/Hamzah Bakri/Bakry
          Nasreldin/Nasr_Eldin Elsadig/El_Sadig/Alsadig Ayman/Aiman Mahmoud/Mahmud Anwar/Anwer
          """);

  static final NameList ARABIC_FEMALE =
      new NameList(
          1.0,
          0.20,
          """
          Fatima/Fatma/Fatimah Aisha/Aysha/Aicha/Ayesha Maryam/Mariam/Meriam Khadija/Khadijah/Khadiga
          Amna/Amnah Zainab/Zeinab/Zaynab Hawa/Hawwa Safa/Safaa Marwa/Marwah Huda/Hoda/Houda
          Sara/Sarah Mona/Muna Hiba/Heba Rania/Raniya Asma/Asmaa Nafisa/Nafeesa Samira/Sameera
          Tasneem/Tasnim Fadwa/Fadwah Nour/Noor/Nur Alaa/Ala Reem/Rim Sumaya/Sumayya/Somaya
          Ikhlas/Ekhlas Nagwa/Najwa Amani/Amany Eman/Iman Randa/Randah Sawsan/Sausan Wafa/Wafaa
          """);

  static final NameList ENGLISH_MALE =
      new NameList(
          0.8,
          0.30,
          """
          John/Jon Brian/Bryan Kevin/Kevine Peter/Petero Joseph/Josef David/Daudi Daniel/Danieli
          James Samuel/Samwel Dennis/Denis Collins/Colins Emmanuel/Emanuel/Immanuel
          Stephen/Steven/Stephene Paul/Paulo Michael/Micheal George Francis/Fransis
          Victor/Viktor Evans/Evance Felix/Feliks Moses/Mosses Isaac/Isack/Isaak Joshua/Joshuah
          Elvis/Elvice Ian Allan/Alan/Allen Ryan/Rayan Jeremiah/Jeremia Mark/Marc Erick/Eric/Erik
          Caleb/Kaleb Elijah/Elija Amos/Amosi Timothy/Timothey Patrick/Patrik Benson/Bensen
          Gideon/Gedion Nelson/Nelsen Charles/Charls Geoffrey/Jeffrey Ronald/Ronnald
          Vincent/Vincet Wilson/Willson Edwin/Edwine Martin/Martine Simon/Symon Robert/Robat
          """);

  static final NameList ENGLISH_FEMALE =
      new NameList(
          0.8,
          0.30,
          """
          Mary Faith/Fayth Mercy/Mercie Grace Sharon/Sharron Joy Esther/Ester
          Ann/Anne Elizabeth/Elisabeth Jane/Jayne Lucy/Lucie Caroline/Carolyne/Karoline Purity/Puriti
          Irene/Irine Nancy/Nancie Winnie/Winny Diana/Dianah Cynthia/Synthia Beatrice/Beatrise
          Naomi/Naomy Ruth Emily/Emilly Gloria/Glorya Maureen/Moreen/Maurine Brenda/Brendah
          Sarah/Sara Janet/Jannet Rose/Rosa Christine/Kristine Margaret/Magret Catherine/Katherine/Cathrine
          Eunice/Yunice Doreen/Dorine Veronica/Veronika Alice/Alise Millicent/Milicent Stacy/Stacey
          Michelle/Michele Linet/Lynette Agnes/Agness Florence/Florance Rebecca/Rebekah Judith/Judit
          """);

  static final NameList KIKUYU_MALE =
      new NameList(
          0.9,
          0.30,
          """
          Kamau Mwangi/Mwangii Njoroge/Njoroje Kariuki/Kariyuki Maina/Mainah Githinji
          Kimani/Kimanni Wainaina/Wainana Macharia/Macharya Gitau/Gitawu Ndungu/Ndung'u Waweru
          Kinyua/Kinyuah Muriuki/Muriyuki Mugo Irungu/Irung'u Karanja/Karanjah Njuguna/Njug'una
          """);

  static final NameList KIKUYU_FEMALE =
      new NameList(
          0.9,
          0.30,
          """
          Wanjiru/Wanjiro Njeri/Njery Wambui/Wambuyi Wanjiku/Wanjikũ Nyambura/Nyambra Wairimu/Wairimũ
          Wangari/Wangarĩ Njoki/Njokie Muthoni/Muthonĩ Waithera/Waithira Nyokabi/Nyokabĩ Wangui/Wangũi
          Mumbi/Mumbii Wacera/Wachera Wangeci/Wangechi Gathoni/Gathonĩ
          """);

  static final NameList LUO_MALE =
      new NameList(
          0.9,
          0.30,
          """
          Otieno/Otiyeno Odhiambo/Odiambo Ochieng/Ochieng'/Ochien Omondi/Omondy Onyango/Onyang'o
          Owino/Owinoh Okoth/Okotho Ouma/Oumah Oduor/Odour Juma/Jumah Okello/Okelo
          Obiero Ogola/Ogolla Opiyo/Opio Oloo/Olo Owuor/Owour Ojwang/Ojwang'
          """);

  static final NameList LUO_FEMALE =
      new NameList(
          0.9,
          0.30,
          """
          Akinyi/Akinyii Achieng/Achieng'/Atchieng Atieno/Atiyeno Adhiambo/Adiambo Anyango/Anyang'o
          Awino/Awinoh Akoth/Akotho Auma/Aumah Apiyo/Apio Aoko/Awoko Awuor/Awour Adongo/Adong'o
          Akeyo/Akeyoh Aluoch Nyaboke
          """);

  static final NameList KALENJIN_MALE =
      new NameList(
          0.9,
          0.30,
          """
          Kiprono/Kipronoh Kipchumba/Kipchumbah Kiprotich Kipkemboi Kibet/Kibett
          Kiptoo/Kiptooh Cheruiyot/Cheruyot Kipkoech Langat/Langatt Kirui/Kiruih Rotich
          Koech Kipngetich Kipngeno Bett/Bet Ruto/Rutto Tanui/Tanuy Kiplagat/Kiplagatt
          """);

  static final NameList KALENJIN_FEMALE =
      new NameList(
          0.9,
          0.30,
          """
          Chebet/Chebett Chepkoech/Chepkoch Jepkosgei/Jepkoskei Cherono/Cheronoh Chelangat/Chelang'at
          Jeptoo/Jeptooh Chepngetich Jerotich Chemutai/Chemutay Cherotich
          Chepkirui/Chepkiruy Jelagat/Jelagatt Chepchirchir
          """);

  static final NameList LUHYA_MALE =
      new NameList(
          0.9,
          0.30,
          """
          Wafula/Wafulah Barasa/Barassa Wanyama/Wanyamah Simiyu/Simiyuu Wekesa/Wekessa Masinde/Masindeh
          Wanjala/Wanjalah Khisa Makokha Wamalwa/Wamalwah Shikuku/Shikukuh Wangila/Wangilah
          Mukhwana Nyongesa/Nyongessa Sifuna/Sifunah
          """);

  static final NameList LUHYA_FEMALE =
      new NameList(
          0.9,
          0.30,
          """
          Nafula/Nafulah Nasimiyu/Nasimiyuu Nekesa/Nekessa Nanjala/Nanjalah Naliaka/Naliakah
          Nasike/Nasikeh Khalayi Nabwire/Nabwireh Namalwa/Namalwah Nangila/Nangilah
          Auma/Aumah Nasambu/Nasambuh
          """);

  static final NameList KAMBA_MALE =
      new NameList(
          0.9,
          0.30,
          """
          Mutua/Mutuah Musyoka/Musioka Mutuku/Mutukuh Kioko/Kyoko Mwendwa/Mwendwah Muthoka/Muthokah
          Kyalo/Kialo Nzioka/Nziokah Munyao/Munyaoh Mwanzia/Mwanziah Kilonzo/Kilonzoh Mulwa/Mulwah
          """);

  static final NameList KAMBA_FEMALE =
      new NameList(
          0.9,
          0.30,
          """
          Mwikali/Mwikari Mueni/Mweni Mwende/Mwendeh Ndinda/Ndindah Kanini/Kaninih Syokau/Syokao
          Nduku/Ndukuh Katunge/Katungeh Kavata/Kavatah Mbithe/Mbitheh Mwongeli/Mwongelih Nthenya
          """);

  static final NameList GANDA_MALE =
      new NameList(
          0.9,
          0.30,
          """
          Mukasa/Mukassa Ssempala/Sempala Ssemakula/Semakula Lubega/Lubegga Kiggundu/Kigundu
          Ssebunya/Sebunya Mugerwa/Mugerwah Kasozi/Kasozzi Lwanga/Lwangah Musoke/Musokke
          Mayanja/Mayanjah Kaweesa/Kawesa Ssekandi/Sekandi Kizito/Kizitto Ssentongo/Sentongo
          Kintu/Kintuh Nsubuga/Nsubugga Okello/Okelo Opio/Opiyo Ocen/Ochen Ojok/Ojokk
          """);

  static final NameList GANDA_FEMALE =
      new NameList(
          0.9,
          0.30,
          """
          Namubiru/Namubiiru Nansubuga/Nansubugga Nakimuli Nalubega/Nalubeega
          Nabukenya/Nabukeenya Namukasa/Namukassa Nakayiza/Nakayizza Nassuna/Nasuna Namatovu/Namatovuu
          Nakawuki/Nakawukki Nalwoga/Nalwogga Nambooze/Namboze Nabirye/Nabiirye Nakku/Naku
          Nanteza/Nantezza Nagawa/Nagawwa Namusoke/Namusokke Akello/Akelo Apio/Apiyo Aciro/Achiro
          """);

  /**
   * Baganda twins' names, by birth order: Wasswa then Kato for boys, Babirye then Nakato for girls.
   */
  static final Map<Sex, List<String>> GANDA_TWINS =
      Map.of(Sex.MALE, List.of("Wasswa", "Kato"), Sex.FEMALE, List.of("Babirye", "Nakato"));

  /**
   * Twin boys in Muslim families are often Hassan and Hussein, which sound alike to a phonetic
   * code.
   */
  static final List<String> MUSLIM_TWIN_BOYS = List.of("Hassan", "Hussein");

  private SyntheticNames() {}
}
