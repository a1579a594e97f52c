package org.haven.core.registry.identity;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

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
  /** A list of names with Zipf weights 1/rank^exponent. */
  static final class NameList {
    private final List<List<String>> names;
    private final double[] cumulative;

    NameList(double exponent, String entries) {
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
    }

    /** Every entry: the spellings of one name, the usual one first. */
    List<List<String>> entries() {
      return names;
    }

    /** The spellings of a name drawn by frequency; the usual spelling first. */
    List<String> draw(RandomGenerator random) {
      int rank = Arrays.binarySearch(cumulative, random.nextDouble());
      return names.get(Math.min(rank < 0 ? -rank - 1 : rank, names.size() - 1));
    }
  }

  static final NameList SOMALI_MALE =
      new NameList(
          1.0,
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
          """
          Amina/Aamina/Amino Fadumo/Faadumo/Fatuma/Fatima Asha/Aisha/Ayesha/~Caasha Halima/Halimo/Haliimo/~Xaliimo
          Hawa/Hawo/~Xawo Maryan/Mariam/Maryam Sahra/Sahro/Zahra Hodan/Hodaan Ayan/Ayaan
          Khadija/Hadija/Kadija Ifrah/Ifra Nasra/Nasro Sagal/Saagal Hamdi/~Xamdi Ubah/~Ubax
          Deeqa/Deka/Deqa Fartun/Fartuun Hibo/Hiba Muna/Muuna Zamzam/Zam_Zam Naima/Naeema
          Ilhan/Ilhaan Layla/Leyla/Laila Shukri/Shukriya Suad/Suaad Ruqia/Rukia/Ruqiya
          Hafsa/~Xafsa Safiya/Safia Anab/~Canab Sadia/Sadiya/~Sacdiya Istahil/Istaahil Amran/Amraan
          Samira/Sameera Hani/Haani Kaltun/Kaltuun Nafisa/Nafiso Ikran/Ikraan Mulki/Mulky
          """);

  static final NameList SWAHILI_MALE =
      new NameList(
          1.0,
          """
          Mohamed/Mohammed/Muhamed Ali/Alli Hassan/Hasani/Hasan Juma/Jumaa/Djuma Omari/Omar/Umari
          Salim/Salimu/Saleem Hamisi/Hamis/Khamis Rashidi/Rashid/Rasheed Athumani/Athuman/Othman
          Bakari/Bakary/Abubakar Ramadhani/Ramadhan/Ramadan Said/Saidi/Saeed Abdallah/Abdalla/Abdulla
          Hussein/Huseni/Husein Idd/Iddi/Eid Seif/Saif/Sefu Issa/Isa/Eissa Musa/Mussa/Moussa
          Shaban/Shabani/Shaaban Yusuf/Yusufu/Yusuph Faraji/Faraj Mwinyi Hamadi/Hamad
          Kassim/Kassimu/Qassim Suleiman/Sulemani/Sulaiman Ibrahim/Ibrahimu/Ebrahim Baraka/Barakah
          Jabiri/Jabir Mbaraka/Mubarak Rajabu/Rajab Haji/Hajji Abdul/Abdulu Zuberi/Zubeir
          Mussa/Musa Amani/Amaani Hemedi/Hamed Makame/Makami Selemani/Seleman Nassoro/Nasoro/Nasser
          """);

  static final NameList SWAHILI_FEMALE =
      new NameList(
          1.0,
          """
          Fatuma/Fatma/Fatima/Fatumah Mwanaisha/Mwanaasha/Mwanaesha Zainabu/Zainab/Zeinab
          Amina/Aminah/Amiina Halima/Halimah/Haleema Mariamu/Mariam/Maryam Rehema/Rehemah Asha/Aisha
          Saida/Sayida/Saidah Zuhura/Zuhra/Zuhurah Mwajuma/Mwanajuma Hadija/Khadija/Hadijah
          Salma/Salmah Aisha/Aysha/Ayesha Mwanahawa/Mwanahawaa Tatu/Tatuu Rukia/Rukiya/Ruqayya
          Mwanamisi/Mwanamis Sharifa/Sharifah/Shareefa Riziki/Rizik Neema/Nema Husna/Husnah
          Zawadi/Zawady Nasra/Nasrah Saumu/Saum Subira/Subirah Rahma/Rahmah Hawa/Hawaa Aziza/Azizah
          Mwanaidi/Mwanaid Arafa/Arafah Mishi/Mishy Kheri/Heri Msafiri/Msafri
          """);

  static final NameList ARABIC_MALE =
      new NameList(
          1.0,
          """
          Mohammed/Mohamed/Muhammad/Mohamad/Mohammad Ahmed/Ahmad Omar/Omer/Umar Osman/Othman/Usman
          Abdalla/Abdallah/Abdullah Ali/Aly Ibrahim/Ebrahim/Ibraheem Hassan/Hasan Hussein/Hussain/Husain
          Yousif/Yousef/Yusuf/Youssef Khalid/Khaled Adam/Adem Musa/Moussa/Mousa Ismail/Ismael/Esmail
          Abdelrahman/Abdulrahman/Abdel_Rahman/Abdurrahman Mustafa/Mustapha/Mostafa Salah/Salaheldin
          Hamid/Hamed/Hameed Babiker/Babikir/Babakir Elfatih/El_Fatih/Alfatih Tarig/Tariq/Tarek
          Awad/Awadh Yasir/Yasser/Yaser Hisham/Hesham Mutasim/Mutassim/Moatasem Abubakr/Abubakar/Abu_Bakr
          Idris/Idriss/Edris Suleiman/Sulaiman/Sleiman Jamal/Gamal Hamza/Hamzah Bakri/Bakry
          Nasreldin/Nasr_Eldin Elsadig/El_Sadig/Alsadig Ayman/Aiman Mahmoud/Mahmud Anwar/Anwer
          """);

  static final NameList ARABIC_FEMALE =
      new NameList(
          1.0,
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
          """
          Kamau Mwangi/Mwangii Njoroge/Njoroje Kariuki/Kariyuki Maina/Mainah Githinji
          Kimani/Kimanni Wainaina/Wainana Macharia/Macharya Gitau/Gitawu Ndungu/Ndung'u Waweru
          Kinyua/Kinyuah Muriuki/Muriyuki Mugo Irungu/Irung'u Karanja/Karanjah Njuguna/Njug'una
          """);

  static final NameList KIKUYU_FEMALE =
      new NameList(
          0.9,
          """
          Wanjiru/Wanjiro Njeri/Njery Wambui/Wambuyi Wanjiku/Wanjikũ Nyambura/Nyambra Wairimu/Wairimũ
          Wangari/Wangarĩ Njoki/Njokie Muthoni/Muthonĩ Waithera/Waithira Nyokabi/Nyokabĩ Wangui/Wangũi
          Mumbi/Mumbii Wacera/Wachera Wangeci/Wangechi Gathoni/Gathonĩ
          """);

  static final NameList LUO_MALE =
      new NameList(
          0.9,
          """
          Otieno/Otiyeno Odhiambo/Odiambo Ochieng/Ochieng'/Ochien Omondi/Omondy Onyango/Onyang'o
          Owino/Owinoh Okoth/Okotho Ouma/Oumah Oduor/Odour Juma/Jumah Okello/Okelo
          Obiero Ogola/Ogolla Opiyo/Opio Oloo/Olo Owuor/Owour Ojwang/Ojwang'
          """);

  static final NameList LUO_FEMALE =
      new NameList(
          0.9,
          """
          Akinyi/Akinyii Achieng/Achieng'/Atchieng Atieno/Atiyeno Adhiambo/Adiambo Anyango/Anyang'o
          Awino/Awinoh Akoth/Akotho Auma/Aumah Apiyo/Apio Aoko/Awoko Awuor/Awour Adongo/Adong'o
          Akeyo/Akeyoh Aluoch Nyaboke
          """);

  static final NameList KALENJIN_MALE =
      new NameList(
          0.9,
          """
          Kiprono/Kipronoh Kipchumba/Kipchumbah Kiprotich/Kiprotic Kipkemboi/Kipkemoi Kibet/Kibett
          Kiptoo/Kiptooh Cheruiyot/Cheruyot Kipkoech/Kipkoeck Langat/Langatt Kirui/Kiruih Rotich/Rotic
          Koech/Koeck Kipngetich/Kipngeno Bett/Bet Ruto/Rutto Tanui/Tanuy Kiplagat/Kiplagatt
          """);

  static final NameList KALENJIN_FEMALE =
      new NameList(
          0.9,
          """
          Chebet/Chebett Chepkoech/Chepkoch Jepkosgei/Jepkoskei Cherono/Cheronoh Chelangat/Chelang'at
          Jeptoo/Jeptooh Chepngetich/Chepngeno Jerotich/Jerotic Chemutai/Chemutay Cherotich/Cherotic
          Chepkirui/Chepkiruy Jelagat/Jelagatt Chepchirchir/Chepchichir
          """);

  static final NameList LUHYA_MALE =
      new NameList(
          0.9,
          """
          Wafula/Wafulah Barasa/Barassa Wanyama/Wanyamah Simiyu/Simiyuu Wekesa/Wekessa Masinde/Masindeh
          Wanjala/Wanjalah Khisa/Kisa Makokha/Makoha Wamalwa/Wamalwah Shikuku/Shikukuh Wangila/Wangilah
          Mukhwana/Mukwana Nyongesa/Nyongessa Sifuna/Sifunah
          """);

  static final NameList LUHYA_FEMALE =
      new NameList(
          0.9,
          """
          Nafula/Nafulah Nasimiyu/Nasimiyuu Nekesa/Nekessa Nanjala/Nanjalah Naliaka/Naliakah
          Nasike/Nasikeh Khalayi/Kalayi Nabwire/Nabwireh Namalwa/Namalwah Nangila/Nangilah
          Auma/Aumah Nasambu/Nasambuh Mukhwana/Mukwana
          """);

  static final NameList KAMBA_MALE =
      new NameList(
          0.9,
          """
          Mutua/Mutuah Musyoka/Musioka Mutuku/Mutukuh Kioko/Kyoko Mwendwa/Mwendwah Muthoka/Muthokah
          Kyalo/Kialo Nzioka/Nziokah Munyao/Munyaoh Mwanzia/Mwanziah Kilonzo/Kilonzoh Mulwa/Mulwah
          """);

  static final NameList KAMBA_FEMALE =
      new NameList(
          0.9,
          """
          Mwikali/Mwikari Mueni/Mweni Mwende/Mwendeh Ndinda/Ndindah Kanini/Kaninih Syokau/Syokao
          Nduku/Ndukuh Katunge/Katungeh Kavata/Kavatah Mbithe/Mbitheh Mwongeli/Mwongelih Nthenya/Ntheya
          """);

  static final NameList GANDA_MALE =
      new NameList(
          0.9,
          """
          Mukasa/Mukassa Ssempala/Sempala Ssemakula/Semakula Lubega/Lubegga Kiggundu/Kigundu
          Ssebunya/Sebunya Mugerwa/Mugerwah Kasozi/Kasozzi Lwanga/Lwangah Musoke/Musokke
          Mayanja/Mayanjah Kaweesa/Kawesa Ssekandi/Sekandi Kizito/Kizitto Ssentongo/Sentongo
          Kintu/Kintuh Nsubuga/Nsubugga Okello/Okelo Opio/Opiyo Ocen/Ochen Ojok/Ojokk
          """);

  static final NameList GANDA_FEMALE =
      new NameList(
          0.9,
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
