import type { ContentLanguage } from '../../domain/ideas';
import type { DemoIdeaDraft } from './idea-corpus';

/**
 * A few demo ideas written in French and in Dutch, as Brussels' residents write most of theirs, so the demo shows
 * content kept in its own language (L1) beside the English corpus.
 */
export const LOCAL_LANGUAGE_IDEAS: readonly (DemoIdeaDraft & { language: ContentLanguage })[] = [
	{
		language: 'fr',
		topicSlug: 'green-spaces',
		districtSlug: 'saint-gilles',
		title: 'Des arbres et des bancs sur le parvis de Saint-Gilles',
		body: 'Le parvis est un four en été. Quelques arbres en pleine terre et des bancs à l’ombre permettraient aux habitants âgés de s’y asseoir, et le marché du dimanche en profiterait aussi.'
	},
	{
		language: 'fr',
		topicSlug: 'mobility',
		districtSlug: 'ixelles',
		title: 'Une piste cyclable continue sur la chaussée d’Ixelles',
		body: 'La piste s’interrompt à chaque carrefour et oblige les cyclistes à se mêler aux bus. Une piste séparée et continue jusqu’à la place Flagey rendrait le trajet sûr pour les enfants qui vont à l’école à vélo.'
	},
	{
		language: 'fr',
		topicSlug: 'safety',
		districtSlug: 'anderlecht',
		title: 'Mieux éclairer le passage sous le chemin de fer à Cureghem',
		body: 'Le tunnel piéton est très sombre dès la fin d’après-midi en hiver. Un éclairage plus fort et une fresque réalisée avec les jeunes du quartier le rendraient moins inquiétant.'
	},
	{
		language: 'fr',
		topicSlug: 'youth-sport',
		districtSlug: 'schaerbeek',
		title: 'Ouvrir les cours d’école le week-end à Schaerbeek',
		body: 'Beaucoup de familles n’ont pas de jardin. Ouvrir les cours d’école le samedi et le dimanche, avec un animateur, offrirait un espace de jeu sûr à deux pas de chez elles.'
	},
	{
		language: 'fr',
		topicSlug: 'culture',
		districtSlug: 'forest',
		title: 'Des concerts gratuits au parc de Forest en été',
		body: 'Le kiosque du parc est inutilisé depuis des années. Quelques concerts gratuits le dimanche après-midi feraient vivre le parc et permettraient aux groupes du quartier de jouer devant leurs voisins.'
	},
	{
		language: 'fr',
		topicSlug: 'public-space',
		districtSlug: 'brussels-city',
		title: 'Des toilettes publiques gratuites autour de la Grand-Place',
		body: 'Il est presque impossible de trouver des toilettes gratuites dans le centre. Quelques sanitaires propres et accessibles aux fauteuils roulants aideraient les familles, les personnes âgées et les visiteurs.'
	},
	{
		language: 'nl',
		topicSlug: 'mobility',
		districtSlug: 'jette',
		title: 'Een veilige oversteek aan het station van Jette',
		body: 'Aan de uitgang van het station steken dagelijks honderden mensen over tussen de auto’s. Een zebrapad met een verkeerslicht en een verhoogd plateau zou veel gevaarlijke situaties voorkomen.'
	},
	{
		language: 'nl',
		topicSlug: 'green-spaces',
		districtSlug: 'molenbeek-saint-jean',
		title: 'Een buurtmoestuin langs het kanaal in Molenbeek',
		body: 'Langs het kanaal ligt een braakliggend stuk grond. Een gedeelde moestuin met regenwateropvang zou buren samenbrengen en kinderen laten zien waar groenten vandaan komen.'
	},
	{
		language: 'nl',
		topicSlug: 'environment',
		districtSlug: 'etterbeek',
		title: 'Meer glasbollen en compostbakken in Etterbeek',
		body: 'De glasbollen staan altijd vol en er is nergens plaats om groenteafval te composteren. Meer inzamelpunten en een paar buurtcompostbakken zouden zwerfvuil en volle vuilniszakken verminderen.'
	},
	{
		language: 'nl',
		topicSlug: 'housing',
		districtSlug: 'koekelberg',
		title: 'Leegstaande kantoren omvormen tot betaalbare woningen',
		body: 'In Koekelberg staan verschillende kantoorgebouwen al jaren leeg. Ze ombouwen tot betaalbare woningen voor jonge gezinnen zou de buurt levendiger maken en de wachtlijsten verkorten.'
	},
	{
		language: 'nl',
		topicSlug: 'youth-sport',
		districtSlug: 'evere',
		title: 'Een skatepark voor de jongeren van Evere',
		body: 'Jongeren skaten nu op parkings en pleinen, wat tot conflicten met bewoners leidt. Een klein skatepark bij het sportcentrum zou hun een eigen plek geven en de overlast verminderen.'
	},
	{
		language: 'nl',
		topicSlug: 'culture',
		districtSlug: 'woluwe-saint-lambert',
		title: 'Een boekenruilkast in elk park van Sint-Lambrechts-Woluwe',
		body: 'Een paar open boekenkasten in de parken zouden buren uitnodigen om boeken te ruilen en te lezen, in het Nederlands, het Frans en andere talen van de buurt.'
	}
];
