/**
 * Static data for the demo city: the Brussels-Capital Region and its 19 municipalities.
 *
 * The outline is APPROXIMATE and hand-drawn from general geographic knowledge, and the
 * municipality centres are approximate town-hall locations. None of this comes from an
 * official boundary file: it is good enough to draw a recognisable map and to place demo
 * content, not for any real-world geographic use.
 */

export interface DemoMunicipality {
	slug: string;
	/** French / Dutch, or a single name where both languages use the same one. */
	name: string;
	center: { lat: number; lng: number };
	/** Real streets, squares, parks and landmarks located in this municipality. */
	places: readonly string[];
	/**
	 * Inhabitants registered on 1 January 2024 (National Register, FPS Home Affairs, as reported by BX1 in early
	 * 2024), for the municipalities that report names; the others are left unknown rather than guessed.
	 */
	population?: number;
}

/**
 * Region outline as [lng, lat] pairs (GeoJSON order), clockwise on a north-up map, starting at
 * the northern tip near Neder-Over-Heembeek/Haren. The ring is open: the first vertex is not
 * repeated at the end, so callers building GeoJSON must close it themselves.
 */
export const BRUSSELS_OUTLINE: ReadonlyArray<readonly [number, number]> = [
	[4.4, 50.914], // north tip, Neder-Over-Heembeek / Haren along the canal
	[4.42, 50.906],
	[4.437, 50.896], // Haren, towards Machelen
	[4.444, 50.881], // east of the NATO headquarters
	[4.44, 50.868], // Evere, towards Zaventem
	[4.452, 50.86],
	[4.463, 50.851], // Woluwe-Saint-Lambert near Kraainem
	[4.476, 50.844],
	[4.482, 50.836], // Stockel, easternmost point
	[4.474, 50.825],
	[4.466, 50.814], // Auderghem, edge of the Sonian Forest
	[4.465, 50.804],
	[4.455, 50.79],
	[4.44, 50.775], // Watermael-Boitsfort forest, towards Hoeilaart
	[4.42, 50.764], // southern tip, in the Sonian Forest
	[4.4, 50.769],
	[4.383, 50.774],
	[4.36, 50.776], // Uccle, towards Rhode-Saint-Genèse and Linkebeek
	[4.337, 50.778],
	[4.318, 50.788], // Uccle / Forest, around Drogenbos
	[4.31, 50.798],
	[4.29, 50.805], // Anderlecht, towards Sint-Pieters-Leeuw
	[4.268, 50.806],
	[4.252, 50.812],
	[4.244, 50.822], // Neerpede, westernmost point
	[4.252, 50.833],
	[4.272, 50.842], // Anderlecht / Dilbeek
	[4.283, 50.85], // Scheutbos, Molenbeek-Saint-Jean
	[4.276, 50.86], // Berchem-Sainte-Agathe, Kattebroek
	[4.281, 50.872],
	[4.296, 50.882], // Ganshoren, towards Zellik
	[4.312, 50.893], // Jette, towards Wemmel
	[4.33, 50.898],
	[4.345, 50.902], // Heysel plateau, north of the Atomium
	[4.365, 50.905], // Laeken, towards Strombeek-Bever
	[4.382, 50.91]
];

export const BRUSSELS_MUNICIPALITIES: ReadonlyArray<DemoMunicipality> = [
	{
		slug: 'anderlecht',
		population: 125883,
		name: 'Anderlecht',
		center: { lat: 50.8364, lng: 4.3086 },
		places: [
			'Place de la Vaillance',
			'Place du Conseil',
			'Parc Astrid',
			"Maison d'Érasme",
			"Abattoirs d'Anderlecht",
			'Neerpede',
			'Rue Wayez'
		]
	},
	{
		slug: 'auderghem',
		population: 35304,
		name: 'Auderghem / Oudergem',
		center: { lat: 50.8164, lng: 4.4267 },
		places: [
			'Rouge-Cloître',
			'Parc du Bergoje',
			'Château de Val-Duchesse',
			'Jardin Massart',
			"Centre culturel d'Auderghem",
			'Herrmann-Debroux'
		]
	},
	{
		slug: 'berchem-sainte-agathe',
		population: 25747,
		name: 'Berchem-Sainte-Agathe / Sint-Agatha-Berchem',
		center: { lat: 50.864, lng: 4.294 },
		places: [
			'Ancienne église Sainte-Agathe',
			"Rue de l'Allée Verte",
			'Place du Docteur Schweitzer',
			'Cité Moderne',
			'Zavelenberg',
			'Kattebroek',
			'Bois du Wilder'
		]
	},
	{
		slug: 'brussels-city',
		population: 195546,
		name: 'Bruxelles-Ville / Stad Brussel',
		center: { lat: 50.8467, lng: 4.3525 },
		places: [
			'Grand-Place',
			'Boulevard Anspach',
			'Place Sainte-Catherine',
			'Rue Neuve',
			'Place du Jeu de Balle',
			'Parc de Bruxelles',
			'Parc de Laeken',
			'Atomium'
		]
	},
	{
		slug: 'etterbeek',
		name: 'Etterbeek',
		center: { lat: 50.8362, lng: 4.3875 },
		places: [
			'Place Jourdan',
			'Parc Hap',
			'Place Saint-Pierre',
			'Avenue de la Chasse',
			'Place Van Meyel',
			'Place Saint-Antoine'
		]
	},
	{
		slug: 'evere',
		population: 44918,
		name: 'Evere',
		center: { lat: 50.8706, lng: 4.403 },
		places: [
			'Square Hoedemaekers',
			"Moulin d'Evere",
			'Cimetière de Bruxelles',
			'Parc du Doolegt',
			'Parc Saint-Vincent',
			'Moeraske'
		]
	},
	{
		slug: 'forest',
		name: 'Forest / Vorst',
		center: { lat: 50.8107, lng: 4.3192 },
		places: [
			'Parc Duden',
			'Parc de Forest',
			'Abbaye de Forest',
			'Place Saint-Denis',
			"Place de l'Altitude Cent",
			'Wiels',
			'Forest National'
		]
	},
	{
		slug: 'ganshoren',
		population: 25520,
		name: 'Ganshoren',
		center: { lat: 50.8712, lng: 4.31 },
		places: [
			'Château de Rivieren',
			'Parc Albert Ier',
			'Place Guido Gezelle',
			'Rue Zeyp',
			'Avenue de Villegas',
			'Avenue Charles-Quint'
		]
	},
	{
		slug: 'ixelles',
		name: 'Ixelles / Elsene',
		center: { lat: 50.8331, lng: 4.3668 },
		places: [
			'Place Flagey',
			"Chaussée d'Ixelles",
			"Étangs d'Ixelles",
			'Place Fernand Cocq',
			'Place du Châtelain',
			'Place du Luxembourg',
			'Abbaye de la Cambre'
		]
	},
	{
		slug: 'jette',
		name: 'Jette',
		center: { lat: 50.8782, lng: 4.3254 },
		places: [
			'Place Reine Astrid',
			'Place Cardinal Mercier',
			'Parc Roi Baudouin',
			'Bois de Dieleghem',
			'Abbaye de Dieleghem',
			'Musée René Magritte',
			'Rue Léopold Ier'
		]
	},
	{
		slug: 'koekelberg',
		name: 'Koekelberg',
		center: { lat: 50.8624, lng: 4.329 },
		places: [
			'Place Henri Vanhuffel',
			'Église Sainte-Anne',
			'Parc Élisabeth',
			'Basilique de Koekelberg',
			'Place Simonis',
			'Avenue du Panthéon',
			'Avenue des Gloires Nationales'
		]
	},
	{
		slug: 'molenbeek-saint-jean',
		name: 'Molenbeek-Saint-Jean / Sint-Jans-Molenbeek',
		center: { lat: 50.8553, lng: 4.3375 },
		places: [
			'Place Communale',
			'Chaussée de Gand',
			'Parc Marie-José',
			'Scheutbos',
			'Château du Karreveld',
			'Parc Bonnevie',
			"Gare de l'Ouest"
		]
	},
	{
		slug: 'saint-gilles',
		name: 'Saint-Gilles / Sint-Gillis',
		center: { lat: 50.8278, lng: 4.3453 },
		places: [
			'Parvis de Saint-Gilles',
			'Barrière de Saint-Gilles',
			'Place Maurice Van Meenen',
			'Place Louis Morichar',
			'Parc Pierre Paulus',
			'Place Julien Dillens',
			'Place Bethléem'
		]
	},
	{
		slug: 'saint-josse-ten-noode',
		name: 'Saint-Josse-ten-Noode / Sint-Joost-ten-Node',
		center: { lat: 50.8517, lng: 4.3712 },
		places: [
			'Place Saint-Josse',
			'Le Botanique',
			'Place Quetelet',
			"Avenue de l'Astronomie",
			'Place Madou',
			'Square Armand Steurs',
			'Chaussée de Louvain'
		]
	},
	{
		slug: 'schaerbeek',
		population: 129853,
		name: 'Schaerbeek / Schaarbeek',
		center: { lat: 50.8676, lng: 4.3776 },
		places: [
			'Place Colignon',
			'Parc Josaphat',
			'Halles de Schaerbeek',
			'Place Dailly',
			'Avenue Louis Bertrand',
			'Place Meiser',
			'Gare de Schaerbeek'
		]
	},
	{
		slug: 'uccle',
		name: 'Uccle / Ukkel',
		center: { lat: 50.8018, lng: 4.3386 },
		places: [
			'Parc de Wolvendael',
			'Place Saint-Job',
			'Parvis Saint-Pierre',
			'Rue Xavier de Bue',
			'Kauwberg',
			'Observatoire royal',
			'Parc de la Sauvagère'
		]
	},
	{
		slug: 'watermael-boitsfort',
		name: 'Watermael-Boitsfort / Watermaal-Bosvoorde',
		center: { lat: 50.7994, lng: 4.4136 },
		places: [
			'Place Antoine Gilson',
			'Place Keym',
			'Étangs de Boitsfort',
			'Parc Tournay-Solvay',
			'Cité-jardin Floréal',
			'Cité-jardin Le Logis',
			'Gare de Watermael'
		]
	},
	{
		slug: 'woluwe-saint-lambert',
		name: 'Woluwe-Saint-Lambert / Sint-Lambrechts-Woluwe',
		center: { lat: 50.8445, lng: 4.4222 },
		places: [
			'Parc Malou',
			'Parc de Roodebeek',
			'Moulin de Lindekemale',
			'Place Saint-Lambert',
			'Woluwe Shopping',
			'Parc des Sources',
			'Parc Georges Henri'
		]
	},
	{
		slug: 'woluwe-saint-pierre',
		name: 'Woluwe-Saint-Pierre / Sint-Pieters-Woluwe',
		center: { lat: 50.8297, lng: 4.433 },
		places: [
			'Parc de Woluwe',
			'Place Dumon',
			'Étangs Mellaerts',
			'Palais Stoclet',
			'Musée du Tram',
			'Parvis Sainte-Alix',
			'Parc Parmentier'
		]
	}
];

