/**
 * Deterministic generator of plausible citizen ideas and comments for the demo city.
 *
 * Everything is drawn from the caller's `random`, so a seeded generator reproduces the exact same
 * corpus. Templates use `{place}`, `{district}` and (for comments) `{title}` placeholders; they are
 * written to read naturally whether the place is a street, a square, a park or a landmark.
 */

export interface DemoIdeaDraft {
	title: string;
	body: string;
	topicSlug: string;
	districtSlug: string;
}

/** A group of titles whose problem, proposal and benefit sentences all fit any of those titles. */
interface IdeaTheme {
	titles: readonly string[];
	problems: readonly string[];
	proposals: readonly string[];
	benefits: readonly string[];
}

const TITLE_MIN_LENGTH = 10;
const TITLE_MAX_LENGTH = 120;
const COMMENT_MIN_LENGTH = 20;
const COMMENT_MAX_LENGTH = 300;
const BENEFIT_PROBABILITY = 0.6;
const CLOSING_PROBABILITY = 0.5;

const TOPIC_THEMES: Readonly<Record<string, readonly IdeaTheme[]>> = {
	mobility: [
		{
			titles: [
				'Protected bike lanes leading to {place}',
				'Secure bike parking boxes near {place}',
				'Fix the bumpy cycle path near {place}',
				'A Villo! station closer to {place}',
				'Shared cargo bikes stationed near {place}'
			],
			problems: [
				"Cycling to {place} still means sharing the lane with buses and parked delivery vans, so many neighbours simply don't dare.",
				'There is nowhere safe to lock a bike near {place}, and several neighbours have had theirs stolen this year.',
				'The cycle route towards {place} is full of potholes and sudden gaps, and it stops dead at the busiest junction.'
			],
			proposals: [
				'I propose a protected cycle track with a physical kerb, connecting {place} to the regional cycle network.',
				'Replacing one or two parking spaces near {place} with secure bike boxes, a Villo! station or a shared cargo bike would make a real difference.'
			],
			benefits: [
				"Once it feels safe, I'm convinced many more parents would cycle with their kids.",
				'Local shops would benefit too: people on bikes stop more often than drivers.'
			]
		},
		{
			titles: [
				'Car-free Sundays around {place}',
				'A low-traffic neighbourhood plan around {place}',
				'Slow down through-traffic near {place}',
				'A school street near {place} at drop-off times'
			],
			problems: [
				'Every morning cars cut through the streets around {place} to avoid the main roads, and crossing with children has become stressful.',
				'At school time the area around {place} turns into a car park, with engines running and kids weaving between bumpers.'
			],
			proposals: [
				'Could the municipality test a low-traffic loop with modal filters, so residents keep access but through-traffic goes around?',
				'Closing the street to cars for half an hour at drop-off and pick-up, as other municipalities already do, seems an easy first step.',
				"Let's try a car-free Sunday once a month around {place} and see how the neighbourhood uses the space."
			],
			benefits: [
				'Fewer cars idling would also mean cleaner air for the people living right there.',
				'Children could walk to school on their own again, as many of us did at their age.'
			]
		},
		{
			titles: [
				'Raised zebra crossing next to {place}',
				'Wider, step-free pavements around {place}',
				'Stop delivery vans blocking the pavement at {place}'
			],
			problems: [
				'The pavements near {place} are so narrow and cluttered that pushchairs and wheelchairs end up in the road.',
				'Delivery vans park on the pavement at {place} all morning, and people on foot have to squeeze between them and the traffic.'
			],
			proposals: [
				'Wider pavements and a raised crossing, even at the cost of a few parking spaces, would make walking there pleasant again.',
				'Dedicated loading bays with time limits, and actual enforcement, would keep the pavement free for pedestrians.'
			],
			benefits: [
				'Walking is how most of us get around the neighbourhood, so it deserves the best space.',
				'Older residents and parents with pushchairs would feel much more confident going out.'
			]
		},
		{
			titles: ['More frequent evening buses to {place}', 'Real-time bus information screen at {place}'],
			problems: [
				'Buses to {place} are packed at rush hour and almost absent after 9 pm, which leaves shift workers in {district} stuck.',
				"Waiting at the stop near {place} is a guessing game: there's no display and the app is often wrong."
			],
			proposals: [
				"I'd ask STIB to add evening runs on the lines serving {place}, at least on weekdays until midnight.",
				'A real-time information screen and a proper shelter at the stop would make the wait far less frustrating.'
			],
			benefits: [
				'Good public transport is what allows families in {district} to live without a car.',
				'It would connect well with the tram and metro, so nobody is left without an option.'
			]
		}
	],
	'green-spaces': [
		{
			titles: [
				'Plant more street trees around {place}',
				'Shade trees along the paths near {place}',
				'Replace the missing trees near {place}',
				'Protect the old trees at {place}'
			],
			problems: [
				'The area around {place} heats up terribly in summer, with hardly a tree to give shade.',
				'Several trees near {place} were cut down during roadworks and never replaced.'
			],
			proposals: [
				'I suggest planting native, climate-resistant trees, with pits large enough for them to actually survive.',
				'Every tree that disappears near {place} should be replaced within a year, and the old ones deserve a protection plan.'
			],
			benefits: [
				'More trees would cool the street on hot days and give birds somewhere to live.',
				'Older neighbours have told me they would sit outside much more if there were shade.'
			]
		},
		{
			titles: [
				'A pocket park on the unused corner near {place}',
				'Depave the tarmac strip next to {place}',
				'Green facades and climbing plants around {place}',
				'More flower beds and fewer concrete planters at {place}'
			],
			problems: [
				'Around {place} there is a lot of grey: car parks, blank walls and tarmac where something could grow.',
				'Many flats near {place} have no garden or balcony, so people in {district} really depend on every bit of public green.'
			],
			proposals: [
				'Why not remove some of the tarmac and create a small pocket park with benches and planters looked after by neighbours?',
				"The municipality could offer neighbours a 'green permit' to plant and look after tree pits, façade strips and climbing plants."
			],
			benefits: [
				'Every square metre of soil we give back helps against flooding during heavy rain.',
				"Children would get a place to play outside that isn't a car park."
			]
		},
		{
			titles: [
				'A shared vegetable garden close to {place}',
				'An orchard of fruit trees near {place}',
				'A herb and flower garden run by neighbours near {place}'
			],
			problems: [
				'Lots of people around {place} would love to garden, but the waiting lists for allotments are years long.',
				'There is nowhere near {place} where neighbours can grow something together and meet while doing it.'
			],
			proposals: [
				'A shared vegetable garden, with a few raised beds and a water point, would give people a reason to meet.',
				'Fruit trees would provide shade, blossom in spring and something to pick in autumn.'
			],
			benefits: [
				"It's a wonderful way for children to learn where food comes from.",
				'Gardening together is how you get to know the neighbours you only ever nodded to.'
			]
		},
		{
			titles: [
				'Wildflower strips instead of mown grass at {place}',
				'A quiet green corner for reading near {place}',
				'A green walking link from {place} to the next park'
			],
			problems: [
				'The green space near {place} is loved but overused, and the lawns have turned to dust and mud.',
				'The grass around {place} is mown short every week, leaving nothing for bees and butterflies.'
			],
			proposals: [
				'Letting part of the lawn grow into a meadow, with paths mown through it, would be cheaper and far richer in wildlife.',
				'Quiet corners with a few benches, and a tree-lined route to the nearby parks, would spread visitors more evenly.'
			],
			benefits: [
				'More greenery would give insects and birds somewhere to live in the middle of the city.',
				'It is also a cheap way to make {district} more resilient to heat and heavy rain.'
			]
		}
	],
	safety: [
		{
			titles: [
				'Better lighting on the paths around {place}',
				'Fix the broken street lights around {place}',
				'Keep the passages near {place} clean and well lit'
			],
			problems: [
				'After dark the paths around {place} are almost pitch black, and many people, especially women, avoid them.',
				"Several street lights around {place} have been broken for months, and reporting them hasn't changed anything."
			],
			proposals: [
				'Warm, low-glare LED lighting and trimming back the hedges would already change the feeling of the place.',
				'Street lights could be repaired faster if there were a clear contact point and a public follow-up of reports.'
			],
			benefits: [
				"It would help children walking to school in winter, when it's still dark.",
				'Feeling safe is what makes people go out, meet neighbours and use public space at all.'
			]
		},
		{
			titles: [
				'Safer pedestrian crossing at {place}',
				'Speed bumps on the approach to {place}',
				'Stop illegal parking on the crossings near {place}',
				'Better visibility at the junction next to {place}'
			],
			problems: [
				'Cars regularly speed on the approach to {place}, and there have been several near misses with pedestrians.',
				"The crossing at {place} is badly placed: parked vans hide you, and drivers only see you when you're already halfway over."
			],
			proposals: [
				'A raised crossing with a central island, and no parking in the five metres before it, would make it much safer.',
				'Speed bumps or a narrower carriageway, plus regular speed checks, would calm things down quickly.'
			],
			benefits: [
				'Small, visible improvements like this build trust between residents and the municipality.',
				'Parents would finally let their kids cross on their own.'
			]
		},
		{
			titles: [
				'More visible community officers around {place} in the evening',
				'Night-time activities to liven up {place}',
				'A safe walking route for children to {place}'
			],
			problems: [
				'Elderly neighbours in {district} tell me they no longer walk to {place} in the evening because they feel unsafe.',
				'Once the shops close, the area around {place} empties out and feels deserted.'
			],
			proposals: [
				"I'd like the municipality to organise a night-time walk with residents to map the spots that feel unsafe.",
				'Bringing more life to the area in the evening, with a kiosk, activities and visible community officers, often works better than any camera.'
			],
			benefits: [
				"A place full of people is a safe place; that's the best prevention there is.",
				'It would give older residents their evenings back.'
			]
		},
		{
			titles: [
				'Keep e-scooters off the pavements near {place}',
				'Repair the uneven paving that trips people at {place}',
				'Clear the overgrown blind corner near {place}'
			],
			problems: [
				'Shared e-scooters are dumped across the pavement near {place}, and blind and older neighbours keep tripping over them.',
				'The paving at {place} is broken in several spots, and I know at least two people who fell there this winter.'
			],
			proposals: [
				'Marked drop zones for scooters, with operators fined when their scooters block the way, would solve most of it.',
				"A quick inspection walk with the municipality's roads team, followed by a repair plan with dates, would already reassure people."
			],
			benefits: [
				'Pavements that are safe for a blind person or a wheelchair user are safe for everyone.',
				"It's the kind of small fix that makes a big difference in daily life."
			]
		}
	],
	culture: [
		{
			titles: [
				'Open-air cinema nights at {place}',
				'Summer concerts by local musicians at {place}',
				'A small stage for street performers at {place}',
				'Dance evenings for all ages at {place}',
				'A neighbourhood festival at {place} every autumn'
			],
			problems: [
				'There is surprisingly little happening at {place} on summer evenings, even though it could be a perfect setting.',
				'Many talented people in {district} have nowhere to play music or perform in public, and {place} would be ideal for it.'
			],
			proposals: [
				'I propose a free summer programme, with films one week and concerts the next, and people bringing their own chairs.',
				'The municipality could lend a small mobile stage and simplify the permit for local musicians and associations.'
			],
			benefits: [
				"Culture on our doorstep is one of the best ways to meet neighbours you'd never talk to otherwise.",
				'Local cafés and shops would certainly welcome the extra visitors.'
			]
		},
		{
			titles: [
				'Neighbourhood history walks starting at {place}',
				'Information panels about the history of {place}',
				'An outdoor photo exhibition about {district} at {place}'
			],
			problems: [
				'Few residents know the history of {place}, and newcomers feel little connection to it.',
				'Old photos and stories of {place} are disappearing with the older generation.'
			],
			proposals: [
				'A few illustrated panels and a guided walk in French, Dutch and English would make the history of the place visible.',
				"Collecting residents' old photos and stories for an outdoor exhibition would be a lovely project with the local library."
			],
			benefits: [
				'Knowing the story of your street makes you look after it differently.',
				'It would be a good way to involve the schools and older residents of {district}.'
			]
		},
		{
			titles: [
				'A book exchange box at {place}',
				'Multilingual storytelling afternoons near {place}',
				'A piano in the open air at {place}'
			],
			problems: [
				'Cultural activities are mostly concentrated in the city centre, and people around {place} rarely feel invited.',
				'Children around {place} grow up with many languages, but there are few free activities where that is valued.'
			],
			proposals: [
				'Small, free things like a book exchange box or a public piano cost little and get used every day.',
				'Storytelling afternoons with volunteers reading in different languages would bring parents and children together.'
			],
			benefits: [
				"Culture doesn't have to be expensive to bring people together.",
				'It shows that culture belongs in every neighbourhood, not just in the centre.'
			]
		},
		{
			titles: [
				'A street art wall for young artists near {place}',
				'Pop-up exhibitions in empty shop windows near {place}'
			],
			problems: [
				'Several shops near {place} have been empty for a long time, and the street feels abandoned.',
				'Young artists in {district} have no legal place to paint, so the blank walls near {place} get tagged instead.'
			],
			proposals: [
				'Empty shop windows could host rotating exhibitions by local artists and schools until they are rented again.',
				'A legal street art wall, with a yearly theme chosen with residents, would turn a blank wall into something to be proud of.'
			],
			benefits: [
				'It would give young artists visibility and the street a fresh look.',
				'A lively street attracts new shops much more easily than an empty one.'
			]
		}
	],
	housing: [
		{
			titles: [
				'Turn empty offices near {place} into affordable homes',
				'Bring the empty flats above the shops at {place} back into use',
				'Cooperative housing on the vacant plot near {place}'
			],
			problems: [
				'Above many shops near {place}, the upper floors have been empty for years while people are on waiting lists.',
				'There are office buildings near {place} that have stood empty since the pandemic.'
			],
			proposals: [
				'The municipality could contact owners and offer help, via a social rental agency, to bring empty floors back onto the market.',
				'Converting empty offices and vacant plots into a mix of social, cooperative and mid-market housing would make smart use of what already exists.'
			],
			benefits: [
				'Empty buildings also attract dumping and squats, so bringing them back to life helps the whole street.',
				'A neighbourhood only stays alive if teachers, nurses and young families can afford to live in it.'
			]
		},
		{
			titles: [
				'A community land trust project near {place}',
				'Keep rents affordable around {place}',
				'Limit short-term holiday rentals around {place}',
				'More family-sized homes near {place}'
			],
			problems: [
				'Rents around {place} have risen so fast that young families who grew up here are moving out of {district}.',
				'More and more flats near {place} are rented to tourists, and the families who lived there have gone.'
			],
			proposals: [
				'A community land trust, as already exists elsewhere in Brussels, would keep homes affordable for the long term.',
				'Stricter, actually enforced rules on short-term rentals, and new projects that include large family flats, would help a lot.'
			],
			benefits: [
				'A neighbourhood only stays alive if teachers, nurses and young families can afford to live in it.',
				'Long-term residents are the ones who run the school committees and the sports clubs.'
			]
		},
		{
			titles: [
				'Renovation support for old houses around {place}',
				'Better insulation for social housing near {place}',
				'Tackle landlords renting out damp flats around {place}'
			],
			problems: [
				'Several buildings around {place} are poorly insulated, and tenants spend a fortune on heating.',
				'Some landlords near {place} rent out damp, overcrowded flats, and tenants are afraid to complain.'
			],
			proposals: [
				'I suggest a one-stop desk where residents get clear advice on renovation grants and tenant rights.',
				'Inspections of the worst buildings should be stepped up, with support for tenants who need to be rehoused.'
			],
			benefits: [
				'Better insulated homes also mean lower bills and fewer emissions.',
				'Nobody should fall ill because of the place they live in.'
			]
		},
		{
			titles: [
				'Student and senior home-sharing near {place}',
				'Accessible ground-floor flats for older people near {place}',
				'A housing advice desk close to {place}'
			],
			problems: [
				'Many older residents around {place} live alone in houses that have become too big or have too many stairs.',
				"People near {place} don't know where to turn with housing questions, from rent indexation to a leaking roof."
			],
			proposals: [
				'A home-sharing scheme, where students get a cheap room in exchange for a bit of help, already works in other cities.',
				'A weekly advice desk near {place}, run with tenant associations, would answer most questions on the spot.'
			],
			benefits: [
				'Mixing students, families and older residents makes for a livelier and more caring neighbourhood.',
				'It would help older people stay in the neighbourhood they love.'
			]
		}
	],
	environment: [
		{
			titles: [
				'Community compost bins near {place}',
				'More public bins and fewer illegal dumps at {place}',
				'Neighbourhood clean-ups for cleaner streets around {place}',
				'Butt bins to keep cigarette ends out of the drains near {place}',
				'A zero-waste market day at {place}',
				'A water refill point at {place}'
			],
			problems: [
				'Bags of rubbish pile up around {place}, sometimes for days, and the area smells bad in summer.',
				'A lot of kitchen waste in the streets around {place} still ends up in the white bags, while it could be composted locally.'
			],
			proposals: [
				'I propose a few neighbourhood compost bins, run by trained volunteers, as already works well in other streets.',
				'More bins, more frequent collection and a clear fine for dumping would keep the area clean.'
			],
			benefits: [
				'Cleaner streets make everyone want to spend more time outside.',
				'Children could learn a lot from it, and schools nearby could get involved.'
			]
		},
		{
			titles: [
				'Air quality sensors around {place}',
				'Reduce the night-time noise around {place}',
				'Switch off shop window lights at night around {place}',
				'Protect the hedgehogs and bats near {place}'
			],
			problems: [
				'Traffic around {place} is heavy, and many of us wonder what the air our children breathe is really like.',
				'Noise from traffic, late deliveries and lit-up shop windows near {place} keeps residents, and wildlife, awake.'
			],
			proposals: [
				'Cheap air quality and noise sensors, with results published online, would give us facts instead of guesses.',
				'Delivery hours and shop window lighting could be limited at night, as several European cities already do.'
			],
			benefits: [
				'Data that residents can see for themselves makes the debate calmer and more honest.',
				'Quieter, darker nights are good for our sleep, and for the bats and hedgehogs too.'
			]
		},
		{
			titles: [
				'Rain gardens to absorb storm water near {place}',
				'Solar panels on the public buildings near {place}',
				'Green roofs on the public buildings near {place}'
			],
			problems: [
				'When it rains heavily, the street near {place} floods because all the water runs straight into the sewer.',
				'The public buildings near {place} have huge flat roofs that do nothing but soak up heat.'
			],
			proposals: [
				'Replacing some paving with rain gardens would let water soak into the ground instead of flooding cellars.',
				'Those roofs could carry solar panels or plants, ideally through a cooperative that residents can join.'
			],
			benefits: [
				"It's a small step, but it makes the climate goals of the Region concrete at street level.",
				'Residents would see their own neighbourhood become part of the solution.'
			]
		},
		{
			titles: ['A monthly repair café near {place}', 'A tool library for neighbours near {place}'],
			problems: [
				'Perfectly repairable toasters, bikes and clothes are thrown out around {place} every week.',
				'Every household near {place} owns a drill it uses twice a year.'
			],
			proposals: [
				'A monthly repair café would keep things out of the bin and bring people together.',
				'A small tool library, where neighbours borrow instead of buying, would fit nicely in an empty ground floor near {place}.'
			],
			benefits: [
				'It saves money, which matters to many families right now.',
				'Repairing things together turns out to be a surprisingly social thing to do.'
			]
		}
	],
	'public-space': [
		{
			titles: [
				'More benches and shade at {place}',
				'Picnic tables and a meeting spot at {place}',
				'Seating for older residents along the way to {place}',
				'A covered shelter for rainy days at {place}'
			],
			problems: [
				'At {place} there is almost nowhere to sit, which is hard for older people and parents with small children.',
				"On hot days there's no shade at {place}, so people just pass through instead of staying."
			],
			proposals: [
				'A few benches with backrests, some picnic tables and trees in large planters would transform the place.',
				"I'd suggest a small design workshop with residents to decide where seating and shelter are most needed."
			],
			benefits: [
				'Public space that invites people to stay is the cheapest way to make a neighbourhood friendlier.',
				'For older residents, being able to rest halfway makes the difference between going out and staying home.'
			]
		},
		{
			titles: [
				'Public toilets near {place}',
				'A drinking fountain at {place}',
				'Free public wifi and charging points at {place}'
			],
			problems: [
				'Finding a public toilet near {place} is impossible, which is a real problem for older residents and families.',
				"There's no drinking water at {place}, and on hot days people are left buying plastic bottles."
			],
			proposals: [
				'Accessible public toilets and a drinking fountain, even just one well-maintained unit of each, would make a huge difference.',
				"The municipality could also ask nearby cafés to join a 'friendly toilets' scheme in exchange for a small fee."
			],
			benefits: [
				'These are basic needs, and a city that meets them is a city everyone can use.',
				'Families would stay longer and come back more often.'
			]
		},
		{
			titles: [
				'Turn the parking strip near {place} into a small square',
				'Weekly market stalls at {place}',
				'Play elements for small children at {place}'
			],
			problems: [
				'The space at {place} is dominated by parked cars, while it could be the heart of the neighbourhood.',
				"Around {place} there's no spot where neighbours naturally bump into each other."
			],
			proposals: [
				'Could part of the parking be converted into a small square with seating, play elements and room for a weekly market?',
				'A pilot with movable furniture for one summer would show how people want to use the space.'
			],
			benefits: [
				'Shopkeepers nearby would also benefit from people lingering.',
				'It would give residents of {district} a real meeting point, which many say is missing.'
			]
		},
		{
			titles: [
				'Make {place} accessible for wheelchairs and pushchairs',
				'Better maintenance of the paving at {place}',
				'Remove the clutter of poles and signs at {place}'
			],
			problems: [
				'The paving at {place} is cracked and patched everywhere, and people regularly trip.',
				'Between kerbs, poles, bollards and signs, getting around {place} with a wheelchair or a pushchair is an obstacle course.'
			],
			proposals: [
				'Removing unnecessary poles and barriers, and lowering the kerbs, would already free up a lot of space for people.',
				'A maintenance plan with proper repairs, instead of patch after patch, would save money in the long run.'
			],
			benefits: [
				'A place that works for a wheelchair works for everyone.',
				'Well-kept streets show residents that somebody cares.'
			]
		}
	],
	'youth-sport': [
		{
			titles: [
				'A free outdoor fitness corner near {place}',
				'A street football cage close to {place}',
				'Basketball hoops for teenagers at {place}',
				'Table tennis tables at {place}',
				'A running loop with distance markers around {place}',
				'A pétanque court for all ages at {place}'
			],
			problems: [
				"There's no free place near {place} where young people can simply play ball or train without a membership.",
				'The sports facilities in {district} are fully booked, and the kids living near {place} end up on long waiting lists.'
			],
			proposals: [
				'A simple multisport cage and a few fitness bars, designed together with young people, would be used every day.',
				'I propose free outdoor sports equipment near {place}, with some lighting so it can be used on winter evenings too.'
			],
			benefits: [
				'Sport is one of the best ways to build friendships across backgrounds.',
				"Adults would use it too: I'd happily do my morning workout there."
			]
		},
		{
			titles: [
				'A skate spot for young people near {place}',
				'A homework club and youth space near {place}',
				'A youth council for the area around {place}',
				'A climbing wall for teenagers near {place}'
			],
			problems: [
				'Teenagers around {place} have nowhere to go after school, so they hang around the street and get blamed for it.',
				'Young people in {district} are rarely asked what they need, so what gets built near {place} rarely suits them.'
			],
			proposals: [
				'Ask young people directly: a small youth council could decide how a budget for the area is spent.',
				'A youth space with homework support, run by youth workers, would give teenagers a place of their own.'
			],
			benefits: [
				'Young people who feel welcome in their neighbourhood also take care of it.',
				"Parents would know where their kids are and that they're doing something worthwhile."
			]
		},
		{
			titles: [
				'Girls-only sports evenings close to {place}',
				'Open the school playgrounds near {place} at weekends',
				'Summer sports camps for kids at {place}'
			],
			problems: [
				'Girls are almost invisible in the existing sports spaces near {place}, which are dominated by older boys.',
				"Many families near {place} can't afford sports clubs or summer camps for their children."
			],
			proposals: [
				'Reserving some time slots for girls, with female coaches, would bring many more of them in.',
				'School playgrounds near {place} could open at weekends and during holidays, with free sessions led by local clubs.'
			],
			benefits: [
				'Every child should get the chance to find a sport they love, whatever their parents earn.',
				"It uses spaces and clubs that already exist, so it needn't cost much."
			]
		}
	]
};

const CLOSINGS: readonly string[] = [
	"I'd be happy to help organise a neighbourhood meeting about this.",
	'Curious to hear what other residents think.',
	"I'm sure many neighbours would support this, and some would volunteer.",
	"It doesn't have to be expensive: a pilot for one summer would already show whether it works.",
	'Happy to share photos of the current situation if that helps.',
	"Several neighbours I've spoken to feel the same way.",
	'Could the municipality tell us whether this is feasible and what it would cost?',
	"Let's start small and adjust together.",
	'Thanks for reading, and I hope this gets picked up.',
	"I've lived here for over ten years and this has been a recurring concern."
];

const GENERIC_COMMENTS: readonly string[] = [
	'Fully agree, this is long overdue.',
	'Has the municipality already studied this?',
	'Good idea, but who will maintain it in the long run?',
	'I live around the corner and I see the problem every single day.',
	'Support from me. My kids would definitely use it.',
	'Interesting, but what would it cost and where would the budget come from?',
	"I like the idea, though I'd start with a pilot before making it permanent.",
	'Could we see a plan or a sketch before deciding? Details matter here.',
	'This was discussed at a neighbourhood meeting a couple of years ago, and nothing has happened since.',
	"Not convinced. I'm worried about the noise for the people living right next to it.",
	'Great proposal. Count me in if volunteers are needed.',
	'Please also think about people with reduced mobility when designing this.',
	'Yes! Other cities have done this with great results.',
	"I'm in favour, but the shopkeepers should be consulted too.",
	"Agree with the goal, but I'm not sure this is the right spot for it.",
	'Would this be managed by the municipality or by the Region?',
	"Signed. It's exactly what the neighbourhood needs.",
	"As an older resident, I'd really appreciate this.",
	'What about doing it in phases, starting with the busiest part?',
	'Good to see this raised. The current situation is really not OK.',
	"Let's not forget evening and weekend use when planning this.",
	'Maybe combine this with the renovation works already planned nearby?',
	"I've reported this problem several times already, glad someone made a proposal.",
	'+1. Simple, concrete and not very expensive.',
	'Love it. Could the local school be involved?',
	"I'm a bit sceptical: similar things were vandalised in the past. How would we prevent that?",
	"Thanks for posting this. I'll share it with our street's WhatsApp group.",
	'Is there any data on how many people would use it?',
	'"{title}" gets my vote.',
	'If "{title}" goes ahead, please keep residents informed about the timing.',
	'Totally behind "{title}". Is there a way to help push it forward?'
];

const TOPIC_COMMENTS: Readonly<Record<string, readonly string[]>> = {
	mobility: [
		"Please make sure delivery vans still have somewhere to stop, otherwise they'll block the cycle lane anyway.",
		"As a cyclist I'd love this, but the junction itself is the real danger.",
		'What about people who depend on their car, like carers and tradespeople?',
		"The bus is already slow there; please check with STIB that this won't make it worse."
	],
	'green-spaces': [
		'More trees, yes please. Brussels Environment could advise on species that cope with dry summers.',
		'Who will water the new plants during the first summers?',
		'Please keep some open lawn too, we play football there with the kids.',
		'Leaving some corners wild would be great for the bees.'
	],
	safety: [
		'The lighting there is really bad, I always walk faster at night.',
		'Lighting yes, but please no harsh white lights shining into bedrooms.',
		'The local community officer could join a walk with residents, that worked well in our street.',
		'There was a near miss there just last week.'
	],
	culture: [
		'Lovely idea. Please make it free so everyone can come.',
		'Local artists would jump at this, I know several of them.',
		'Make sure it ends at a reasonable hour for the neighbours.',
		'Could it be bilingual, or even multilingual? That would fit the neighbourhood.'
	],
	housing: [
		'Empty homes while people wait years for social housing: it makes no sense.',
		'Who would manage this? A social rental agency maybe?',
		"Important topic. Tenants often don't know their rights.",
		'Renovation grants exist but the paperwork is a nightmare, a help desk would be great.'
	],
	environment: [
		'Our street started a compost bin last year and it works very well.',
		'Data first, then decisions. Sensors sound like a good start.',
		"Please also tackle the dumping, it's getting worse.",
		'A repair café would be great, I can help with bikes.'
	],
	'public-space': [
		'Benches are great, but please with backrests and armrests for older people.',
		'A drinking fountain would be so welcome in summer.',
		'Please keep enough space for the market and for events.',
		'Public toilets are missing almost everywhere in Brussels.'
	],
	'youth-sport': [
		'My teenagers would be there every day. Please include some lighting for winter evenings.',
		'Good idea. Maybe the local football club could run sessions there.',
		'Please think about girls too, not just football for boys.',
		'The noise should be manageable if it closes at a sensible time.'
	]
};

/** Deterministic: same `random` sequence gives the same ideas. */
export function buildDemoIdeas(options: {
	count: number;
	random: () => number; // uniform [0,1), seeded by the caller
	districts: ReadonlyArray<{ slug: string; name: string; places: readonly string[] }>;
	topics: ReadonlyArray<{ slug: string }>;
}): DemoIdeaDraft[] {
	const { count, random, districts, topics } = options;
	// Reject unusable input up front rather than after part of the random sequence was consumed.
	for (const topic of topics) themesFor(topic.slug);
	for (const district of districts) {
		if (district.places.length === 0) throw new RangeError(`District "${district.slug}" has no places to write about.`);
	}

	const districtSequence = balancedSequence(random, districts, count);
	const topicSequence = balancedSequence(random, topics, count);
	const usedTitles = new Set<string>();

	return districtSequence.map((district, index) => {
		const topic = itemAt(topicSequence, index);
		const districtName = shortName(district.name);
		const { title, theme, place } = chooseTitle(random, themesFor(topic.slug), district.places, districtName, usedTitles);
		usedTitles.add(title);
		return {
			title,
			body: composeBody(random, theme, { place, district: districtName }),
			topicSlug: topic.slug,
			districtSlug: district.slug
		};
	});
}

export function buildDemoComments(random: () => number, idea: DemoIdeaDraft, count: number): string[] {
	const candidates = [...GENERIC_COMMENTS, ...(TOPIC_COMMENTS[idea.topicSlug] ?? [])]
		.map((template) => fill(template, { title: idea.title }))
		.filter((comment) => comment.length >= COMMENT_MIN_LENGTH && comment.length <= COMMENT_MAX_LENGTH);

	// Whole shuffled rounds keep a thread free of repeats until every candidate has been used once.
	return balancedSequence(random, candidates, count);
}

function themesFor(topicSlug: string): readonly IdeaTheme[] {
	const themes = TOPIC_THEMES[topicSlug];
	if (!themes) throw new RangeError(`No demo idea templates for topic "${topicSlug}".`);
	return themes;
}

/**
 * Tries every template/place pair, starting from a random one, so titles stay varied but never
 * repeat; the district name only disambiguates once the plain combinations are used up.
 */
function chooseTitle(
	random: () => number,
	themes: readonly IdeaTheme[],
	places: readonly string[],
	districtName: string,
	usedTitles: ReadonlySet<string>
): { title: string; theme: IdeaTheme; place: string } {
	const templates = themes.flatMap((theme) => theme.titles.map((template) => ({ template, theme })));
	const templateOrder = rotate(templates, randomIndex(random, templates.length));
	const placeOrder = rotate(places, randomIndex(random, places.length));
	for (const suffix of ['', ` (${districtName})`]) {
		for (const { template, theme } of templateOrder) {
			for (const place of placeOrder) {
				const title = fill(template, { place, district: districtName }) + suffix;
				const fits = title.length >= TITLE_MIN_LENGTH && title.length <= TITLE_MAX_LENGTH;
				if (fits && !usedTitles.has(title)) return { title, theme, place };
			}
		}
	}
	throw new RangeError(`Ran out of distinct idea titles for ${districtName}; ask for fewer ideas.`);
}

function composeBody(random: () => number, theme: IdeaTheme, values: { place: string; district: string }): string {
	const sentences = [pick(random, theme.problems), pick(random, theme.proposals)];
	if (random() < BENEFIT_PROBABILITY) sentences.push(pick(random, theme.benefits));
	if (random() < CLOSING_PROBABILITY) sentences.push(pick(random, CLOSINGS));
	return fill(sentences.join(' '), values);
}

/** "Ixelles / Elsene" reads as "Ixelles" inside an English sentence. */
function shortName(bilingualName: string): string {
	return bilingualName.split(' / ')[0] ?? bilingualName;
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
	return Object.entries(values).reduce((text, [key, value]) => text.replaceAll(`{${key}}`, value), template);
}

/** Concatenated shuffled rounds: every item appears equally often (±1) yet in an unpredictable order. */
function balancedSequence<T>(random: () => number, items: readonly T[], length: number): T[] {
	if (length > 0 && items.length === 0) throw new RangeError('Cannot spread demo content over an empty list.');
	const sequence: T[] = [];
	while (sequence.length < length) sequence.push(...shuffled(random, items));
	return sequence.slice(0, length);
}

function shuffled<T>(random: () => number, items: readonly T[]): T[] {
	const remaining = [...items];
	const result: T[] = [];
	while (remaining.length > 0) result.push(...remaining.splice(randomIndex(random, remaining.length), 1));
	return result;
}

function rotate<T>(items: readonly T[], start: number): T[] {
	return [...items.slice(start), ...items.slice(0, start)];
}

function pick<T>(random: () => number, items: readonly T[]): T {
	return itemAt(items, randomIndex(random, items.length));
}

function itemAt<T>(items: readonly T[], index: number): T {
	const item = items[index];
	if (item === undefined) throw new RangeError(`No item at index ${index} of ${items.length}.`);
	return item;
}

function randomIndex(random: () => number, length: number): number {
	// Clamped because some generators can return exactly 1, which would index past the end.
	return Math.min(length - 1, Math.floor(random() * length));
}
