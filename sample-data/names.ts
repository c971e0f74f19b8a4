/**
 * Word lists for invented people, places and book titles. All names are made
 * up from common given names, surnames and words; e-mail addresses use the
 * reserved example.* domains so a sample file can never reach a real person.
 */

export const GIVEN_NAMES = [
  'Ava', 'Ben', 'Chloe', 'Daniel', 'Ella', 'Finn', 'Grace', 'Henry', 'Isla', 'Jack', 'Kara', 'Leo',
  'Maya', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Ruth', 'Sam', 'Tara', 'Umar', 'Vera', 'Will', 'Xena',
  'Yusuf', 'Zoe', 'Amir', 'Bea', 'Carlos', 'Dana', 'Eli', 'Fatima', 'George', 'Hana', 'Ivan', 'Jade',
  'Kofi', 'Lena', 'Marcus', 'Nina', 'Oscar', 'Paula', 'Rosa', 'Sean', 'Tess', 'Victor', 'Wendy', 'Yara',
  'Aiden', 'Bianca', 'Cody', 'Diego', 'Erin', 'Felix', 'Gemma', 'Hugo', 'Iris', 'Jonah', 'Keiko', 'Liam',
  'Mei', 'Nate', 'Owen', 'Pia', 'Rafael', 'Sofia', 'Theo', 'Uma', 'Wes', 'Zara', 'Alma', 'Boris',
];

export const SURNAMES = [
  'Abbott', 'Baker', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ibrahim', 'Jensen', 'Kim',
  'Lopez', 'Murphy', 'Nguyen', 'Okafor', 'Patel', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Varga',
  'Walsh', 'Xu', 'Young', 'Zimmer', 'Adler', 'Brooks', 'Costa', 'Dubois', 'Ellis', 'Ford', 'Grant', 'Hale',
  'Ito', 'Jones', 'Khan', 'Larsen', 'Moreau', 'Novak', 'Olsen', 'Price', 'Reyes', 'Silva', 'Turner',
  'Underwood', 'Vance', 'Weber', 'Yilmaz', 'Zhou', 'Bishop', 'Carter', 'Doyle', 'Fraser', 'Gomez', 'Hart',
];

export const STREET_NAMES = ['Maple', 'Oak', 'Cedar', 'Elm', 'Pine', 'Birch', 'Willow', 'Chestnut', 'Spruce', 'Walnut', 'Juniper', 'Hawthorn'];
export const STREET_KINDS = ['St', 'Ave', 'Rd', 'Ln', 'Way', 'Ct'];

/** Invented towns with a plausible state and zip prefix (some zips begin with 0). */
export const TOWNS: ReadonlyArray<{ city: string; province: string; zip: string }> = [
  { city: 'Brookfield', province: 'MA', zip: '015' },
  { city: 'Millbury', province: 'CT', zip: '064' },
  { city: 'Lakeview', province: 'NY', zip: '125' },
  { city: 'Riverton', province: 'NJ', zip: '080' },
  { city: 'Fairhaven', province: 'PA', zip: '191' },
  { city: 'Stonebridge', province: 'VT', zip: '054' },
  { city: 'Ashford', province: 'NH', zip: '030' },
  { city: 'Greenport', province: 'ME', zip: '041' },
];

export const TITLE_ADJECTIVES = [
  'Salt', 'Silent', 'Paper', 'Hidden', 'Winter', 'Golden', 'Quiet', 'Lost', 'Burning', 'Glass', 'Wild',
  'Last', 'Hollow', 'Northern', 'Velvet', 'Midnight', 'Borrowed', 'Crooked', 'Bright', 'Sleeping',
];

export const TITLE_NOUNS = [
  'Orchard', 'Harbour', 'Lantern', 'Garden', 'River', 'Clockmaker', 'Island', 'Library', 'Cartographer',
  'Lighthouse', 'Season', 'Sparrow', 'Kingdom', 'Letters', 'Tide', 'Forest', 'Map', 'Daughter', 'Hours', 'Bridge',
];

export const KIDS_TITLES = [
  'Where the Otters Sleep', 'Pip and the Puddle', 'The Very Busy Badger', 'Moon Socks', 'Ten Tiny Trains',
  'Goodnight, Little Fox', 'The Dragon Who Baked', 'Bea Builds a Boat', 'Hedgehog Hugs', 'The Cloud Zoo',
];

export const NONFICTION_TITLES = [
  'A Short History of Tea', 'Walking the Coast Path', 'The Patient Gardener', 'Why We Sleep Outside',
  'Small Habits, Big Rivers', 'The Bread Almanac', 'Stars for Beginners', 'Knots and How to Tie Them',
  'Sourdough Sundays', 'The One-Pot Kitchen', 'Weeknight Vegetables', 'Baking with Grandma',
];

export const ART_TITLES = ['Light on Water: Collected Paintings', 'The Architecture of Shelter', 'Printmaking Masters', 'Botanical Drawings 1750–1850'];
