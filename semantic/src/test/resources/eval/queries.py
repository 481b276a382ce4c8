# Queries a person would type, written without looking at the card phrases (EvalSetTest checks that no query
# shares four consecutive words with any card). Each is about one capability; its relevant cards are graded
# from the capability: 2 for cards of that capability, 1 for cards of a related one (capabilities.py).
QUERIES = {
 "sentiment": ["is this customer happy or angry", "tell if a tweet is upbeat or gloomy", "judge whether a movie critic liked the film"],
 "ner": ["pull out names of people and companies from an article", "find places and organisations mentioned in text", "spot gene and illness mentions in medical papers"],
 "translation": ["turn my German email into English", "convert text from one language to another", "english to french converter"],
 "summarization": ["make a long article shorter", "tl;dr generator for documents", "give me the gist of a research paper"],
 "asr": ["convert a podcast recording into written text", "dictation model for french", "voice to text transcription"],
 "image-classification": ["what kind of dish is in this picture", "recognise plant species from leaf photos", "which category does a photograph belong to"],
 "object-detection": ["put boxes around cars in video frames", "count people wearing hard hats", "locate items on store shelves in camera images"],
 "code-generation": ["help me write python", "generate SQL from plain english questions", "autocomplete for programmers"],
 "extractive-qa": ["answer a question using a given paragraph", "highlight the sentence that answers my question in a document", "reading comprehension for wikipedia passages"],
 "text-to-image": ["draw a picture from my description", "make artwork from a prompt", "generate illustrations for a children's book"],
 "tts": ["make the computer talk with a natural voice", "narrate an ebook out loud", "convert written text into spoken audio"],
 "embeddings": ["vector representations for finding similar documents", "compare how close two sentences are in meaning", "encoder for a retrieval pipeline"],
 "image-segmentation": ["pixel-level outline of every object in a photo", "mask out the road in dashcam images", "delineate organs in CT scans"],
 "depth-estimation": ["how far away is each point in a photo", "3d distance map from a single camera", "estimate scene distance for a robot"],
 "audio-classification": ["recognise a dog barking or glass breaking in a recording", "which bird is singing in this clip", "classify the mood of a voice recording"],
 "table-qa": ["ask questions about a spreadsheet", "query a csv in natural language", "answer questions using rows of a table"],
 "ocr": ["read the writing on a scanned receipt", "digitise handwritten notes", "get text out of scanned pdf pages"],
 "toxicity": ["filter abusive comments on my forum", "catch slurs and harassment in chat messages", "moderation model for rude posts"],
 "forecasting": ["predict next month's sales from past numbers", "forecast electricity demand", "model to extrapolate a sensor series"],
 "rl": ["agent that learns to play atari games", "trained policy for a gym environment", "reward-driven control for a simulated robot"],
 "image-captioning": ["describe a photo in a sentence", "automatic alt text for website images", "explain what is happening in a picture"],
 "chat": ["chatbot that follows instructions", "assistant i can talk to", "conversational llm for answering customer questions"],
 "zero-shot": ["sort texts into my own categories without labelled examples", "topic classifier where I choose the labels at runtime", "categorise without training data"],
}
